/// Responses `tools`, `tool_choice` and `text.format` in Chat Completions terms.
enum ResponsesTools {
    /// Function tools as Chat function tools; built-in tools (web search, file search, …) are refused.
    static func chatTools(_ value: JSONValue) throws(APIError) -> [JSONValue] {
        guard let tools = value.arrayValue else { throw ResponsesRequest.invalid("must be an array", "tools") }
        var definitions: [JSONValue] = []
        for (index, tool) in tools.enumerated() {
            let param = "tools[\(index)]"
            guard tool["type"]?.stringValue == "function" else {
                throw .invalidRequest(
                    "The tool type '\(tool["type"]?.stringValue ?? "(none)")' is not offered through this gateway; use function tools (or a scenario's plugins).",
                    param: param + ".type", code: "unsupported_tool")
            }
            guard let name = tool["name"]?.stringValue, !name.isEmpty else { throw ResponsesRequest.invalid("is required", param + ".name") }
            var function: [String: JSONValue] = ["name": .string(name), "parameters": tool["parameters"] ?? .object(["type": .string("object")])]
            if let description = tool["description"]?.stringValue { function["description"] = .string(description) }
            if let strict = tool["strict"]?.boolValue { function["strict"] = .bool(strict) }
            definitions.append(.object(["type": .string("function"), "function": .object(function)]))
        }
        return definitions
    }

    /// `tool_choice`: `auto`, `none`, `required`, or `{"type": "function", "name"}`.
    static func chatToolChoice(_ value: JSONValue) throws(APIError) -> JSONValue {
        if let mode = value.stringValue, ["auto", "none", "required"].contains(mode) { return value }
        if value["type"]?.stringValue == "function", let name = value["name"]?.stringValue {
            return .object(["type": .string("function"), "function": .object(["name": .string(name)])])
        }
        throw ResponsesRequest.invalid("must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"name\": …}", "tool_choice")
    }

    /// `text.format` as Chat's `response_format`; nil for plain text.
    static func chatResponseFormat(_ value: JSONValue) throws(APIError) -> JSONValue? {
        guard let format = value["format"] else { return nil }
        switch format["type"]?.stringValue {
        case "text": return nil
        case "json_object": return .object(["type": .string("json_object")])
        case "json_schema":
            guard let name = format["name"]?.stringValue, let schema = format["schema"] else {
                throw ResponsesRequest.invalid("needs a name and a schema", "text.format")
            }
            var jsonSchema: [String: JSONValue] = ["name": .string(name), "schema": schema]
            if let strict = format["strict"]?.boolValue { jsonSchema["strict"] = .bool(strict) }
            if let description = format["description"]?.stringValue { jsonSchema["description"] = .string(description) }
            return .object(["type": .string("json_schema"), "json_schema": .object(jsonSchema)])
        default:
            throw ResponsesRequest.invalid("must have the type text, json_object or json_schema", "text.format.type")
        }
    }
}
