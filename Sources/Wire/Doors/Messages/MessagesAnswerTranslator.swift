/// Re-expresses the gateway's Chat Completions answer as an Anthropic Messages `message`.
public enum MessagesAnswerTranslator {
    /// The `message` object for a `chat.completion` body; `model` is the alias the app asked
    /// for, `usage` the exchange's whole usage (over every step of a tool loop) when known.
    public static func message(_ completion: [UInt8], model: String, usage total: TokenUsage? = nil) throws(APIError) -> [UInt8] {
        let answer = try ChatAnswer.read(completion)
        var content: [JSONValue] = []
        if !answer.text.isEmpty { content.append(.object(["type": .string("text"), "text": .string(answer.text)])) }
        for call in answer.toolCalls {
            content.append(MessagesToolUse.block(id: call.id, name: call.name, input: MessagesToolUse.input(call.arguments)))
        }
        let usage = total ?? answer.usage ?? TokenUsage(promptTokens: 0, completionTokens: 0)
        return JSONValue.object([
            "id": .string(MessagesToolUse.messageID(answer.id)), "type": .string("message"), "role": .string("assistant"), "model": .string(model),
            "content": .array(content), "stop_reason": .string(ChatFinishReason.anthropicStopReason(answer.finishReason)), "stop_sequence": .null,
            "usage": .object(["input_tokens": .integer(usage.promptTokens), "output_tokens": .integer(usage.completionTokens)]),
        ]).encoded
    }
}

/// The pieces of Messages content both the JSON and the streamed answer build.
enum MessagesToolUse {
    /// A `tool_use` block.
    static func block(id: String, name: String, input: JSONValue) -> JSONValue {
        .object(["type": .string("tool_use"), "id": .string(id), "name": .string(name), "input": input])
    }

    /// A tool call's arguments as the `input` object; arguments that are not a JSON object
    /// (a model's slip) are kept whole under `_arguments` rather than lost.
    static func input(_ arguments: String) -> JSONValue {
        if arguments.isEmpty { return .object([:]) }
        if let value = try? JSONValue.parse(arguments), value.objectValue != nil { return value }
        return .object(["_arguments": .string(arguments)])
    }

    /// A message id in Anthropic's style for a completion id.
    static func messageID(_ completionID: String) -> String {
        completionID.isEmpty ? "msg_switchboard" : "msg_" + (completionID.hasPrefix("chatcmpl-") ? String(completionID.dropFirst(9)) : completionID)
    }
}
