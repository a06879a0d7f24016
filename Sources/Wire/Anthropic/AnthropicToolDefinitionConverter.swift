import Foundation

/// Converts OpenAI `tools`, `tool_choice` and `parallel_tool_calls` into Anthropic `tools` and `tool_choice`.
enum AnthropicToolDefinitionConverter {
    /// Anthropic tool definitions for the OpenAI `tools` array; empty when absent.
    static func tools(from value: AnthropicJSON?) throws(AnthropicTranslationError) -> [AnthropicJSON] {
        guard let value else { return [] }
        guard let tools = value.arrayValue else {
            throw AnthropicTranslationError(message: "tools must be an array.", param: "tools")
        }
        var definitions: [AnthropicJSON] = []
        for (index, tool) in tools.enumerated() {
            let param = "tools[\(index)]"
            guard tool["type"]?.stringValue ?? "function" == "function" else {
                throw AnthropicTranslationError(message: "Only function tools are supported by this model.", param: param + ".type")
            }
            guard let function = tool["function"], let name = function["name"]?.stringValue, !name.isEmpty else {
                throw AnthropicTranslationError(message: "A function tool needs a name.", param: param + ".function.name")
            }
            var definition: [String: AnthropicJSON] = ["name": .string(name)]
            if let description = function["description"]?.stringValue, !description.isEmpty {
                definition["description"] = .string(description)
            }
            if let parameters = function["parameters"] {
                guard case .object = parameters else {
                    throw AnthropicTranslationError(message: "Function parameters must be a JSON Schema object.", param: param + ".function.parameters")
                }
                definition["input_schema"] = parameters
            } else {
                definition["input_schema"] = .object(["type": .string("object")])
            }
            definitions.append(.object(definition))
        }
        return definitions
    }

    /// The Anthropic `tool_choice` for the OpenAI `tool_choice` and `parallel_tool_calls`; nil to leave it unset.
    static func toolChoice(from value: AnthropicJSON?, parallelToolCalls: AnthropicJSON?) throws(AnthropicTranslationError) -> AnthropicJSON? {
        var choice: [String: AnthropicJSON]
        switch value {
        case nil:
            choice = ["type": .string("auto")]
        case .string("auto"):
            choice = ["type": .string("auto")]
        case .string("required"):
            choice = ["type": .string("any")]
        case .string("none"):
            return .object(["type": .string("none")])
        case .some(let object) where object["type"]?.stringValue == "function":
            guard let name = object["function"]?["name"]?.stringValue, !name.isEmpty else {
                throw AnthropicTranslationError(message: "tool_choice needs a function name.", param: "tool_choice.function.name")
            }
            choice = ["type": .string("tool"), "name": .string(name)]
        default:
            throw AnthropicTranslationError(
                message: "tool_choice must be \"auto\", \"required\", \"none\" or a function choice.", param: "tool_choice")
        }
        switch parallelToolCalls {
        case nil, .bool(true):
            return value == nil ? nil : .object(choice)
        case .bool(false):
            choice["disable_parallel_tool_use"] = .bool(true)
            return .object(choice)
        default:
            throw AnthropicTranslationError(message: "parallel_tool_calls must be a boolean.", param: "parallel_tool_calls")
        }
    }
}
