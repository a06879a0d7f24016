/// Translates an Anthropic Messages request (`POST /v1/messages`) into the Chat Completions
/// request the gateway's pipeline runs. Nothing is forwarded unread: every field and block type
/// is either translated, dropped as having no meaning for a Chat Completions model (listed in
/// ``ignoredFields``, `thinking` blocks), or refused with a 400 that names it.
public enum MessagesRequestTranslator {
    /// Top-level fields with no Chat Completions equivalent, dropped without effect.
    public static let ignoredFields: Set<String> = ["top_k", "thinking", "service_tier", "context_management", "container", "betas"]

    /// The Chat Completions body for a Messages request body. Streams ask for usage, which the
    /// Messages events report.
    public static func chatRequest(_ body: [UInt8]) throws(APIError) -> [UInt8] {
        let root: JSONValue
        do {
            root = try JSONValue.parse(body)
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error.description).", code: "invalid_json")
        }
        guard let fields = root.objectValue else { throw .invalidRequest("The request body must be a JSON object.", code: "invalid_type") }
        var chat: [String: JSONValue] = [:]
        var messages: [JSONValue] = []
        for (key, value) in fields {
            switch key {
            case "model":
                guard let model = value.stringValue, !model.isEmpty else { throw invalid("must be a non-empty string", key) }
                chat["model"] = .string(model)
            case "max_tokens":
                guard let tokens = value.intValue, tokens > 0 else { throw invalid("must be a positive whole number", key) }
                chat["max_tokens"] = value
            case "temperature", "top_p":
                guard case .number = value else { throw invalid("must be a number", key) }
                chat[key] = value
            case "stop_sequences":
                guard let stops = value.arrayValue, stops.allSatisfy({ $0.stringValue != nil }) else { throw invalid("must be an array of strings", key) }
                if !stops.isEmpty { chat["stop"] = value }
            case "stream":
                guard let stream = value.boolValue else { throw invalid("must be true or false", key) }
                chat["stream"] = value
                if stream { chat["stream_options"] = .object(["include_usage": .bool(true)]) }
            case "metadata":
                guard value.objectValue != nil else { throw invalid("must be an object", key) }
                if let user = value["user_id"] {
                    guard let id = user.stringValue else { throw invalid("must be a string", "metadata.user_id") }
                    chat["user"] = .string(id)
                }
            case "system":
                messages.insert(.object(["role": .string("system"), "content": .string(try systemText(value))]), at: 0)
            case "messages", "tools", "tool_choice":
                continue
            default:
                guard ignoredFields.contains(key) else {
                    throw .invalidRequest(
                        "The field '\(key)' is not supported by this gateway's Messages API; remove it.", param: key, code: "unsupported_parameter")
                }
            }
        }
        guard chat["model"] != nil else { throw .invalidRequest("The field 'model' is required.", param: "model", code: "missing_required_parameter") }
        guard chat["max_tokens"] != nil else {
            throw .invalidRequest("The field 'max_tokens' is required: the most tokens the answer may have.", param: "max_tokens", code: "missing_required_parameter")
        }
        guard let conversation = fields["messages"]?.arrayValue else {
            throw .invalidRequest("The field 'messages' is required: an array of user and assistant messages.", param: "messages", code: "missing_required_parameter")
        }
        guard !conversation.isEmpty else { throw invalid("must contain at least one message", "messages") }
        for (index, message) in conversation.enumerated() {
            messages += try chatMessages(message, param: "messages[\(index)]")
        }
        chat["messages"] = .array(messages)
        if let tools = fields["tools"] {
            let definitions = try chatTools(tools)
            if !definitions.isEmpty { chat["tools"] = .array(definitions) }
        }
        if let choice = fields["tool_choice"] { try applyToolChoice(choice, to: &chat) }
        return JSONValue.object(chat).encoded
    }

    private static func invalid(_ problem: String, _ param: String) -> APIError {
        .invalidRequest("The field '\(param)' \(problem).", param: param, code: "invalid_type")
    }

    /// `system` as one text: a string, or text blocks joined with blank lines.
    private static func systemText(_ value: JSONValue) throws(APIError) -> String {
        if let text = value.stringValue { return text }
        guard let blocks = value.arrayValue else { throw invalid("must be a string or an array of text blocks", "system") }
        var texts: [String] = []
        for (index, block) in blocks.enumerated() {
            guard block["type"]?.stringValue == "text", let text = block["text"]?.stringValue else {
                throw invalid("must hold only text blocks", "system[\(index)]")
            }
            texts.append(text)
        }
        return texts.joined(separator: "\n\n")
    }

    /// One Messages message as Chat messages: an assistant's text and tool uses become one
    /// assistant message; a user's tool results become tool messages, then the rest a user message.
    private static func chatMessages(_ message: JSONValue, param: String) throws(APIError) -> [JSONValue] {
        guard let role = message["role"]?.stringValue, role == "user" || role == "assistant" else {
            throw invalid("must be \"user\" or \"assistant\"", param + ".role")
        }
        guard let content = message["content"] else { throw invalid("is required", param + ".content") }
        if let text = content.stringValue { return [.object(["role": .string(role), "content": .string(text)])] }
        guard let blocks = content.arrayValue else { throw invalid("must be a string or an array of content blocks", param + ".content") }
        var parts: [JSONValue] = []
        var toolCalls: [JSONValue] = []
        var toolResults: [JSONValue] = []
        for (index, block) in blocks.enumerated() {
            let blockParam = "\(param).content[\(index)]"
            switch (block["type"]?.stringValue, role) {
            case ("text", _):
                guard let text = block["text"]?.stringValue else { throw invalid("must be a string", blockParam + ".text") }
                parts.append(.object(["type": .string("text"), "text": .string(text)]))
            case ("image", "user"):
                parts.append(try imagePart(block, param: blockParam))
            case ("tool_use", "assistant"):
                guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                    throw invalid("needs an id and a name", blockParam)
                }
                let input = block["input"] ?? .object([:])
                toolCalls.append(
                    .object([
                        "id": .string(id), "type": .string("function"),
                        "function": .object(["name": .string(name), "arguments": .string(input.encodedString)]),
                    ]))
            case ("tool_result", "user"):
                guard let id = block["tool_use_id"]?.stringValue else { throw invalid("is required", blockParam + ".tool_use_id") }
                var text = try toolResultText(block["content"], param: blockParam + ".content")
                if block["is_error"]?.boolValue == true { text = "Error: " + text }
                toolResults.append(.object(["role": .string("tool"), "tool_call_id": .string(id), "content": .string(text)]))
            case ("thinking", "assistant"), ("redacted_thinking", "assistant"):
                continue
            case (let type, _):
                throw .invalidRequest(
                    "The \(role) content block type '\(type ?? "(none)")' is not supported by this gateway's Messages API.", param: blockParam + ".type",
                    code: "unsupported_content")
            }
        }
        var result = toolResults
        if role == "assistant" {
            var assistant: [String: JSONValue] = ["role": .string("assistant")]
            let text = parts.compactMap { $0["text"]?.stringValue }.joined()
            assistant["content"] = text.isEmpty && !toolCalls.isEmpty ? .null : .string(text)
            if !toolCalls.isEmpty { assistant["tool_calls"] = .array(toolCalls) }
            result.append(.object(assistant))
        } else if !parts.isEmpty || toolResults.isEmpty {
            result.append(.object(["role": .string("user"), "content": .array(parts)]))
        }
        return result
    }

    /// An image block as a Chat `image_url` part (a `data:` URL for base64 sources).
    private static func imagePart(_ block: JSONValue, param: String) throws(APIError) -> JSONValue {
        let source = block["source"]
        let url: String
        switch source?["type"]?.stringValue {
        case "base64":
            guard let mediaType = source?["media_type"]?.stringValue, let data = source?["data"]?.stringValue else {
                throw invalid("needs media_type and data", param + ".source")
            }
            url = "data:\(mediaType);base64,\(data)"
        case "url":
            guard let link = source?["url"]?.stringValue else { throw invalid("is required", param + ".source.url") }
            url = link
        default:
            throw invalid("must be a base64 or url source", param + ".source.type")
        }
        return .object(["type": .string("image_url"), "image_url": .object(["url": .string(url)])])
    }

    /// A tool result's content as text: a string, or its text blocks joined.
    private static func toolResultText(_ content: JSONValue?, param: String) throws(APIError) -> String {
        guard let content else { return "" }
        if let text = content.stringValue { return text }
        guard let blocks = content.arrayValue else { throw invalid("must be a string or an array of text blocks", param) }
        var texts: [String] = []
        for (index, block) in blocks.enumerated() {
            guard block["type"]?.stringValue == "text", let text = block["text"]?.stringValue else {
                throw .invalidRequest(
                    "A tool result may hold only text blocks through this gateway.", param: "\(param)[\(index)]", code: "unsupported_content")
            }
            texts.append(text)
        }
        return texts.joined(separator: "\n")
    }

    /// Messages tool definitions as Chat function tools; server tools (with a `type`) are refused.
    private static func chatTools(_ value: JSONValue) throws(APIError) -> [JSONValue] {
        guard let tools = value.arrayValue else { throw invalid("must be an array", "tools") }
        var definitions: [JSONValue] = []
        for (index, tool) in tools.enumerated() {
            let param = "tools[\(index)]"
            if let type = tool["type"]?.stringValue, type != "custom" {
                throw .invalidRequest(
                    "The tool type '\(type)' runs on Anthropic's servers and is not offered through this gateway; define a custom tool instead.",
                    param: param + ".type", code: "unsupported_tool")
            }
            guard let name = tool["name"]?.stringValue, !name.isEmpty else { throw invalid("is required", param + ".name") }
            var function: [String: JSONValue] = ["name": .string(name), "parameters": tool["input_schema"] ?? .object(["type": .string("object")])]
            if let description = tool["description"]?.stringValue { function["description"] = .string(description) }
            definitions.append(.object(["type": .string("function"), "function": .object(function)]))
        }
        return definitions
    }

    /// `tool_choice` as Chat's `tool_choice` and `parallel_tool_calls`.
    private static func applyToolChoice(_ choice: JSONValue, to chat: inout [String: JSONValue]) throws(APIError) {
        switch choice["type"]?.stringValue {
        case "auto": chat["tool_choice"] = .string("auto")
        case "any": chat["tool_choice"] = .string("required")
        case "none": chat["tool_choice"] = .string("none")
        case "tool":
            guard let name = choice["name"]?.stringValue else { throw invalid("is required", "tool_choice.name") }
            chat["tool_choice"] = .object(["type": .string("function"), "function": .object(["name": .string(name)])])
        default:
            throw invalid("must be {\"type\": \"auto\" | \"any\" | \"tool\" | \"none\"}", "tool_choice.type")
        }
        if choice["disable_parallel_tool_use"]?.boolValue == true, chat["tools"] != nil { chat["parallel_tool_calls"] = .bool(false) }
    }
}
