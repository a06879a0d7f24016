import Foundation

/// Translates Anthropic Messages API responses into OpenAI chat.completions responses.
public enum AnthropicResponseTranslator {
    /// Anthropic message response → OpenAI chat.completion JSON, with `model` set to `alias`.
    public static func chatCompletion(fromMessage body: Data, alias: String, created: Int) throws(AnthropicTranslationError) -> Data {
        guard let message = AnthropicJSON.parse(body), case .object = message else {
            throw AnthropicTranslationError(message: "The upstream response is not a JSON object.")
        }
        if let error = AnthropicErrorBody.details(from: message) {
            throw AnthropicTranslationError(message: error.message)
        }
        guard let id = message["id"]?.stringValue, let blocks = message["content"]?.arrayValue else {
            throw AnthropicTranslationError(message: "The upstream response is not an Anthropic message.")
        }

        var texts: [String] = []
        var toolCalls: [AnthropicJSON] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text":
                if let text = block["text"]?.stringValue { texts.append(text) }
            case "tool_use":
                guard let callID = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                    throw AnthropicTranslationError(message: "The upstream response has a tool_use block without id or name.")
                }
                toolCalls.append(.object([
                    "id": .string(callID),
                    "type": .string("function"),
                    "function": .object([
                        "name": .string(name),
                        "arguments": .string((block["input"] ?? .object([:])).serializedString),
                    ]),
                ]))
            default:
                continue
            }
        }

        var assistant: [String: AnthropicJSON] = [
            "role": .string("assistant"),
            "content": texts.isEmpty && !toolCalls.isEmpty ? .null : .string(texts.joined()),
            "refusal": .null,
        ]
        if !toolCalls.isEmpty { assistant["tool_calls"] = .array(toolCalls) }
        let finishReason = AnthropicStopReason.finishReason(for: message["stop_reason"]?.stringValue)

        var usage = AnthropicUsage()
        usage.update(from: message["usage"])
        let completion: AnthropicJSON = .object([
            "id": .string("chatcmpl-" + id),
            "object": .string("chat.completion"),
            "created": .int(created),
            "model": .string(alias),
            "choices": .array([.object([
                "index": .int(0),
                "message": .object(assistant),
                "finish_reason": finishReason.map(AnthropicJSON.string) ?? .null,
                "logprobs": .null,
            ])]),
            "usage": usage.openAIUsage,
        ])
        return completion.serialized
    }

    /// Anthropic error body ({"type":"error","error":{"type","message"}}) → (OpenAI-style error type, message); nil if not an Anthropic error body.
    public static func errorDetails(fromErrorBody body: Data) -> (type: String, message: String)? {
        guard let json = AnthropicJSON.parse(body) else { return nil }
        return AnthropicErrorBody.details(from: json)
    }
}
