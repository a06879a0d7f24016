/// A Chat Completions answer read whole: what the other front doors (Messages, Responses)
/// re-express in their own shapes.
public struct ChatAnswer: Sendable, Equatable {
    /// The completion's `id`.
    public var id: String
    /// The text of the first choice's message (empty when it has none).
    public var text: String
    /// The first choice's tool calls, in order.
    public var toolCalls: [ToolCall]
    /// The first choice's `finish_reason`.
    public var finishReason: String?
    /// The reported usage.
    public var usage: TokenUsage?

    /// Reads a `chat.completion` body.
    public static func read(_ bytes: [UInt8]) throws(APIError) -> ChatAnswer {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw ChatAnswer.unreadable("is not valid JSON")
        }
        guard let choice = root["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw ChatAnswer.unreadable("has no choices[0].message")
        }
        var calls: [ToolCall] = []
        for call in message["tool_calls"]?.arrayValue ?? [] {
            guard let function = call["function"], let name = function["name"]?.stringValue else {
                throw ChatAnswer.unreadable("has a tool call without a function name")
            }
            calls.append(ToolCall(id: call["id"]?.stringValue ?? "call_\(calls.count + 1)", name: name, arguments: function["arguments"]?.stringValue ?? ""))
        }
        return ChatAnswer(
            id: root["id"]?.stringValue ?? "", text: ChatAnswer.text(of: message["content"]), toolCalls: calls,
            finishReason: choice["finish_reason"]?.stringValue, usage: TokenUsage(root["usage"]))
    }

    /// The text of a message's `content`: a string, or the text of its parts.
    static func text(of content: JSONValue?) -> String {
        if let text = content?.stringValue { return text }
        return (content?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
    }

    /// 502: the gateway's own answer could not be re-expressed for another door.
    static func unreadable(_ what: String) -> APIError {
        APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The model's answer \(what), so it cannot be given in this API's shape.")
    }
}

extension TokenUsage {
    /// The counts of a decoded `usage` object; nil when there is none.
    init?(_ usage: JSONValue?) {
        guard let usage, usage.objectValue != nil else { return nil }
        self.init(promptTokens: usage["prompt_tokens"]?.intValue ?? 0, completionTokens: usage["completion_tokens"]?.intValue ?? 0)
    }
}

/// One `chat.completion.chunk` of a stream, read.
public struct ChatChunk: Sendable, Equatable {
    /// The chunk's `id`.
    public var id: String?
    /// Text added to the message.
    public var text: String
    /// Pieces of tool calls.
    public var toolCalls: [ChatToolCallDelta]
    /// The finish reason, on the chunk that ends the choice.
    public var finishReason: String?
    /// The usage, on the usage chunk.
    public var usage: TokenUsage?

    /// Creates a chunk.
    public init(id: String?, text: String, toolCalls: [ChatToolCallDelta], finishReason: String?, usage: TokenUsage?) {
        self.id = id
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// A whole answer as one chunk (a stream that a filter answered in one piece).
    public init(whole answer: ChatAnswer) {
        self.init(
            id: answer.id, text: answer.text,
            toolCalls: answer.toolCalls.enumerated().map { ChatToolCallDelta(index: $0, id: $1.id, name: $1.name, arguments: $1.arguments) },
            finishReason: answer.finishReason, usage: answer.usage)
    }

    /// Reads a chunk's JSON.
    public static func read(_ bytes: [UInt8]) throws(APIError) -> ChatChunk {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw ChatAnswer.unreadable("has a stream event that is not valid JSON")
        }
        if let error = root["error"], error.objectValue != nil {
            throw APIError(
                status: 502, type: "api_error", code: error["code"]?.stringValue ?? "upstream_error",
                message: error["message"]?.stringValue ?? "The model's stream ended with an error.")
        }
        let choice = root["choices"]?.arrayValue?.first
        let delta = choice?["delta"]
        var calls: [ChatToolCallDelta] = []
        for call in delta?["tool_calls"]?.arrayValue ?? [] {
            let function = call["function"]
            calls.append(
                ChatToolCallDelta(
                    index: call["index"]?.intValue ?? 0, id: call["id"]?.stringValue, name: function?["name"]?.stringValue,
                    arguments: function?["arguments"]?.stringValue ?? ""))
        }
        return ChatChunk(
            id: root["id"]?.stringValue, text: ChatAnswer.text(of: delta?["content"]), toolCalls: calls,
            finishReason: choice?["finish_reason"]?.stringValue, usage: TokenUsage(root["usage"]))
    }
}

/// A piece of one tool call in a stream: the first names it, the rest add to its arguments.
public struct ChatToolCallDelta: Sendable, Equatable {
    /// Which of the message's tool calls it belongs to.
    public var index: Int
    /// The call's id, on its first piece.
    public var id: String?
    /// The function's name, on its first piece.
    public var name: String?
    /// More of the arguments.
    public var arguments: String

    /// Creates a piece of a tool call.
    public init(index: Int, id: String?, name: String?, arguments: String) {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
