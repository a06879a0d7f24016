/// Responses `input` items as Chat messages: messages with their content parts, function calls
/// (consecutive ones, and the assistant text before them, become one assistant message) and
/// their outputs (tool messages). Reasoning items are dropped; any other item is refused.
enum ResponsesInput {
    static func chatMessages(_ items: [JSONValue]) throws(APIError) -> [JSONValue] {
        var messages: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let param = "input[\(index)]"
            switch item["type"]?.stringValue ?? (item["role"] != nil ? "message" : nil) {
            case "message":
                messages.append(try message(item, param: param))
            case "function_call":
                guard let callID = item["call_id"]?.stringValue, let name = item["name"]?.stringValue else {
                    throw ResponsesRequest.invalid("needs call_id and name", param)
                }
                let call: JSONValue = .object([
                    "id": .string(callID), "type": .string("function"),
                    "function": .object(["name": .string(name), "arguments": .string(item["arguments"]?.stringValue ?? "")]),
                ])
                if case .object(var last) = messages.last, last["role"]?.stringValue == "assistant" {
                    last["tool_calls"] = .array((last["tool_calls"]?.arrayValue ?? []) + [call])
                    messages[messages.count - 1] = .object(last)
                } else {
                    messages.append(.object(["role": .string("assistant"), "content": .null, "tool_calls": .array([call])]))
                }
            case "function_call_output":
                guard let callID = item["call_id"]?.stringValue else { throw ResponsesRequest.invalid("is required", param + ".call_id") }
                messages.append(.object(["role": .string("tool"), "tool_call_id": .string(callID), "content": .string(try outputText(item["output"], param: param + ".output"))]))
            case "reasoning":
                continue
            case let type:
                throw .invalidRequest(
                    "The input item type '\(type ?? "(none)")' is not supported by this gateway's Responses API.", param: param + ".type", code: "unsupported_content")
            }
        }
        return messages
    }

    private static func message(_ item: JSONValue, param: String) throws(APIError) -> JSONValue {
        guard let role = item["role"]?.stringValue, ["user", "assistant", "system", "developer"].contains(role) else {
            throw ResponsesRequest.invalid("must be user, assistant, system or developer", param + ".role")
        }
        let chatRole = role == "developer" ? "system" : role
        guard let content = item["content"] else { throw ResponsesRequest.invalid("is required", param + ".content") }
        if let text = content.stringValue { return .object(["role": .string(chatRole), "content": .string(text)]) }
        guard let parts = content.arrayValue else { throw ResponsesRequest.invalid("must be a string or an array of content parts", param + ".content") }
        var chatParts: [JSONValue] = []
        for (index, part) in parts.enumerated() {
            let partParam = "\(param).content[\(index)]"
            switch part["type"]?.stringValue {
            case "input_text", "output_text", "text":
                guard let text = part["text"]?.stringValue else { throw ResponsesRequest.invalid("must be a string", partParam + ".text") }
                chatParts.append(.object(["type": .string("text"), "text": .string(text)]))
            case "refusal":
                chatParts.append(.object(["type": .string("text"), "text": .string(part["refusal"]?.stringValue ?? "")]))
            case "input_image":
                guard let url = part["image_url"]?.stringValue else {
                    throw .invalidRequest("Images must be given as image_url (a data: or https URL); file ids are not served here.", param: partParam + ".image_url", code: "unsupported_content")
                }
                var image: [String: JSONValue] = ["url": .string(url)]
                if let detail = part["detail"]?.stringValue { image["detail"] = .string(detail) }
                chatParts.append(.object(["type": .string("image_url"), "image_url": .object(image)]))
            case "input_file":
                guard let data = part["file_data"]?.stringValue else {
                    throw .invalidRequest("Files must be given inline as file_data; file ids and URLs are not served here.", param: partParam + ".file_data", code: "unsupported_content")
                }
                var file: [String: JSONValue] = ["file_data": .string(data)]
                if let name = part["filename"]?.stringValue { file["filename"] = .string(name) }
                chatParts.append(.object(["type": .string("file"), "file": .object(file)]))
            case let type:
                throw .invalidRequest(
                    "The content part type '\(type ?? "(none)")' is not supported by this gateway's Responses API.", param: partParam + ".type", code: "unsupported_content")
            }
        }
        if chatRole != "user" {
            // Chat's system and assistant messages take text only.
            let text = chatParts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
            guard text.count > 0 || chatParts.isEmpty, chatParts.allSatisfy({ $0["type"]?.stringValue == "text" }) else {
                throw .invalidRequest("Only user messages may hold images or files.", param: param + ".content", code: "unsupported_content")
            }
            return .object(["role": .string(chatRole), "content": .string(text)])
        }
        return .object(["role": .string(chatRole), "content": .array(chatParts)])
    }

    /// A function call's output as text: a string, or its text parts joined.
    private static func outputText(_ output: JSONValue?, param: String) throws(APIError) -> String {
        guard let output else { throw ResponsesRequest.invalid("is required", param) }
        if let text = output.stringValue { return text }
        guard let parts = output.arrayValue else { throw ResponsesRequest.invalid("must be a string or an array of text parts", param) }
        var texts: [String] = []
        for (index, part) in parts.enumerated() {
            guard part["type"]?.stringValue == "input_text", let text = part["text"]?.stringValue else {
                throw .invalidRequest("A function call output may hold only text through this gateway.", param: "\(param)[\(index)]", code: "unsupported_content")
            }
            texts.append(text)
        }
        return texts.joined(separator: "\n")
    }
}
