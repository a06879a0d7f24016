/// The `response` object of one Responses API answer, and the output items in it, built from
/// the gateway's Chat Completions answer (whole, or as a stream accumulated it).
public struct ResponsesObject: Sendable {
    /// The response id, `resp_…`.
    public let id: String
    /// Seconds since 1970 when it was made.
    public let createdAt: Int
    /// What the response repeats from its request.
    public let echoed: [String: JSONValue]

    /// The object for response `id` of a request with `echoed` fields.
    public init(id: String, createdAt: Int, echoed: [String: JSONValue]) {
        self.id = id
        self.createdAt = createdAt
        self.echoed = echoed
    }

    /// The whole object. `status` is `in_progress`, `completed`, `incomplete` or `failed`.
    public func response(status: String, output: [JSONValue], usage: TokenUsage?, finishReason: String? = nil, error: APIError? = nil) -> JSONValue {
        var members = echoed
        members["id"] = .string(id)
        members["object"] = .string("response")
        members["created_at"] = .integer(createdAt)
        members["status"] = .string(status)
        members["output"] = .array(output)
        members["error"] = error.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null
        members["incomplete_details"] = ChatFinishReason.responsesIncompleteReason(finishReason).map { .object(["reason": .string($0)]) } ?? .null
        members["usage"] = usage.map(Self.usage) ?? .null
        for key in ["instructions", "max_output_tokens", "temperature", "top_p"] where members[key] == nil { members[key] = .null }
        if members["text"] == nil { members["text"] = .object(["format": .object(["type": .string("text")])]) }
        return .object(members)
    }

    /// The status for a finish reason.
    public static func status(_ finishReason: String?) -> String {
        ChatFinishReason.responsesIncompleteReason(finishReason) == nil ? "completed" : "incomplete"
    }

    /// The output items of an answer: a message with its text (when it has any), then each tool call.
    public func outputItems(text: String, toolCalls: [ToolCall]) -> [JSONValue] {
        var items: [JSONValue] = []
        if !text.isEmpty { items.append(message(index: 0, text: text, status: "completed")) }
        for call in toolCalls {
            items.append(functionCall(index: items.count, call: call, status: "completed"))
        }
        return items
    }

    /// A `message` output item, the `index`th of the output.
    func message(index: Int, text: String?, status: String) -> JSONValue {
        .object([
            "type": .string("message"), "id": .string(messageID(index)), "status": .string(status), "role": .string("assistant"),
            "content": .array(text.map { [Self.textPart($0)] } ?? []),
        ])
    }

    /// An `output_text` content part.
    static func textPart(_ text: String) -> JSONValue {
        .object(["type": .string("output_text"), "text": .string(text), "annotations": .array([])])
    }

    /// A `function_call` output item for the `index`th call.
    func functionCall(index: Int, call: ToolCall, status: String) -> JSONValue {
        .object([
            "type": .string("function_call"), "id": .string(functionCallID(index)), "call_id": .string(call.id), "name": .string(call.name),
            "arguments": .string(call.arguments), "status": .string(status),
        ])
    }

    func messageID(_ index: Int) -> String { "msg_\(id.dropFirst(5))_\(index)" }

    func functionCallID(_ index: Int) -> String { "fc_\(id.dropFirst(5))_\(index)" }

    /// The Responses `usage` for Chat counts.
    static func usage(_ usage: TokenUsage) -> JSONValue {
        .object([
            "input_tokens": .integer(usage.promptTokens), "output_tokens": .integer(usage.completionTokens),
            "total_tokens": .integer(usage.promptTokens + usage.completionTokens),
            "input_tokens_details": .object(["cached_tokens": .integer(0)]), "output_tokens_details": .object(["reasoning_tokens": .integer(0)]),
        ])
    }
}
