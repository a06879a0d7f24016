import Foundation

/// Converts an assistant message's OpenAI `tool_calls` into Anthropic `tool_use` blocks.
enum AnthropicToolCallConverter {
    /// `tool_use` blocks for `toolCalls`; `param` names the `tool_calls` array (for example `messages[3].tool_calls`).
    static func toolUseBlocks(from toolCalls: AnthropicJSON?, param: String) throws(AnthropicTranslationError) -> [AnthropicJSON] {
        guard let toolCalls else { return [] }
        guard let calls = toolCalls.arrayValue else {
            throw AnthropicTranslationError(message: "tool_calls must be an array.", param: param)
        }
        var blocks: [AnthropicJSON] = []
        for (index, call) in calls.enumerated() {
            let callParam = "\(param)[\(index)]"
            if let type = call["type"]?.stringValue, type != "function" {
                throw AnthropicTranslationError(message: "Only function tool calls are supported.", param: callParam + ".type")
            }
            guard let id = call["id"]?.stringValue, !id.isEmpty else {
                throw AnthropicTranslationError(message: "A tool call needs an id.", param: callParam + ".id")
            }
            guard let name = call["function"]?["name"]?.stringValue, !name.isEmpty else {
                throw AnthropicTranslationError(message: "A tool call needs a function name.", param: callParam + ".function.name")
            }
            let input = try arguments(call["function"]?["arguments"], param: callParam + ".function.arguments")
            blocks.append(.object([
                "type": .string("tool_use"),
                "id": .string(id),
                "name": .string(name),
                "input": input,
            ]))
        }
        return blocks
    }

    /// The JSON object encoded in a tool call's `arguments` string; empty or absent arguments mean `{}`.
    private static func arguments(_ value: AnthropicJSON?, param: String) throws(AnthropicTranslationError) -> AnthropicJSON {
        guard let value else { return .object([:]) }
        if case .object = value { return value }
        guard let text = value.stringValue else {
            throw AnthropicTranslationError(message: "Tool call arguments must be a JSON string.", param: param)
        }
        if text.allSatisfy(\.isWhitespace) { return .object([:]) }
        guard let parsed = AnthropicJSON.parse(Data(text.utf8)), case .object = parsed else {
            throw AnthropicTranslationError(message: "Tool call arguments must be a JSON object.", param: param)
        }
        return parsed
    }
}
