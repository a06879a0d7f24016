import Foundation

/// Translates OpenAI chat.completions request bodies into Anthropic Messages API request bodies.
public enum AnthropicRequestTranslator {
    /// OpenAI chat.completions request body → Anthropic /v1/messages request body.
    ///
    /// `upstreamModel` becomes `model`; `defaultMaxTokens` is used when the request sets neither
    /// `max_completion_tokens` nor `max_tokens`. Fields with no Anthropic meaning are dropped.
    public static func messagesRequest(
        fromChatCompletion body: Data, upstreamModel: String, defaultMaxTokens: Int = 4096
    ) throws(AnthropicTranslationError) -> Data {
        guard let root = AnthropicJSON.parse(body) else {
            throw AnthropicTranslationError(message: "The request body is not valid JSON.")
        }
        guard case .object = root else {
            throw AnthropicTranslationError(message: "The request body must be a JSON object.")
        }
        guard let messages = root["messages"]?.arrayValue else {
            throw AnthropicTranslationError(message: "messages is required and must be an array.", param: "messages")
        }
        if let n = root["n"] {
            guard let count = n.intValue, count >= 1 else {
                throw AnthropicTranslationError(message: "n must be a positive integer.", param: "n")
            }
            guard count == 1 else {
                throw AnthropicTranslationError(message: "This model supports only n = 1.", param: "n")
            }
        }

        let conversation = try AnthropicConversationBuilder.build(from: messages)
        var request: [String: AnthropicJSON] = [
            "model": .string(upstreamModel),
            "messages": .array(conversation.messages),
            "max_tokens": .int(try maxTokens(in: root, default: defaultMaxTokens)),
        ]
        if let system = conversation.system { request["system"] = .string(system) }
        for key in ["temperature", "top_p"] {
            guard let value = root[key] else { continue }
            guard value.isNumber else {
                throw AnthropicTranslationError(message: "\(key) must be a number.", param: key)
            }
            request[key] = value
        }
        if let stop = try stopSequences(in: root) { request["stop_sequences"] = stop }
        if let stream = root["stream"] {
            guard stream.boolValue != nil else {
                throw AnthropicTranslationError(message: "stream must be a boolean.", param: "stream")
            }
            request["stream"] = stream
        }
        if let user = root["user"] {
            guard let id = user.stringValue else {
                throw AnthropicTranslationError(message: "user must be a string.", param: "user")
            }
            request["metadata"] = .object(["user_id": .string(id)])
        }
        let tools = try AnthropicToolDefinitionConverter.tools(from: root["tools"])
        let toolChoice = try AnthropicToolDefinitionConverter.toolChoice(
            from: root["tool_choice"], parallelToolCalls: root["parallel_tool_calls"])
        if !tools.isEmpty {
            request["tools"] = .array(tools)
            if let toolChoice { request["tool_choice"] = toolChoice }
        }
        return AnthropicJSON.object(request).serialized
    }

    /// `max_completion_tokens`, else `max_tokens`, else `defaultMaxTokens`.
    private static func maxTokens(in root: AnthropicJSON, default defaultMaxTokens: Int) throws(AnthropicTranslationError) -> Int {
        for key in ["max_completion_tokens", "max_tokens"] {
            guard let value = root[key] else { continue }
            guard let tokens = value.intValue, tokens > 0 else {
                throw AnthropicTranslationError(message: "\(key) must be a positive integer.", param: key)
            }
            return tokens
        }
        return defaultMaxTokens
    }

    /// `stop` (a string or an array of strings) as Anthropic `stop_sequences`, without empty strings; nil when none remain.
    private static func stopSequences(in root: AnthropicJSON) throws(AnthropicTranslationError) -> AnthropicJSON? {
        guard let stop = root["stop"] else { return nil }
        if let sequence = stop.stringValue { return sequence.isEmpty ? nil : .array([.string(sequence)]) }
        guard let sequences = stop.arrayValue, sequences.allSatisfy({ $0.stringValue != nil }) else {
            throw AnthropicTranslationError(message: "stop must be a string or an array of strings.", param: "stop")
        }
        let nonEmpty = sequences.filter { $0.stringValue?.isEmpty == false }
        return nonEmpty.isEmpty ? nil : .array(nonEmpty)
    }
}
