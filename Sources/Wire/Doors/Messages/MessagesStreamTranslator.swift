/// Re-expresses the gateway's streamed Chat Completions answer as Anthropic Messages events:
/// `message_start` and a `ping`, then content blocks (`content_block_start`,
/// `content_block_delta` with `text_delta` or `input_json_delta`, `content_block_stop`), then
/// `message_delta` with the stop reason and usage, and `message_stop`.
///
/// A text block closes when a tool use begins. Tool-use blocks stay open until the answer ends,
/// so arguments of parallel calls that arrive interleaved each go to their own block (deltas
/// carry the block's index) and none is merged or dropped.
public struct MessagesStreamTranslator: Sendable {
    private let model: String
    private var started = false
    private var nextIndex = 0
    private var openText: Int?
    private var toolBlocks: [Int: Int] = [:]
    private var openTools: [Int] = []
    private var finishReason: String?
    private var usage: TokenUsage?

    /// A translator for one answer; `model` is the alias the app asked for.
    public init(model: String) {
        self.model = model
    }

    /// The events for one chunk of the Chat stream.
    public mutating func translate(_ chunk: ChatChunk) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        start(id: chunk.id, into: &events)
        if !chunk.text.isEmpty {
            if openText == nil {
                openText = nextIndex
                nextIndex += 1
                events.append(Self.event("content_block_start", ["index": .integer(openText!), "content_block": .object(["type": .string("text"), "text": .string("")])]))
            }
            events.append(Self.event("content_block_delta", ["index": .integer(openText!), "delta": .object(["type": .string("text_delta"), "text": .string(chunk.text)])]))
        }
        for call in chunk.toolCalls {
            let block: Int
            if let known = toolBlocks[call.index] {
                block = known
            } else {
                closeText(into: &events)
                block = nextIndex
                nextIndex += 1
                toolBlocks[call.index] = block
                openTools.append(block)
                events.append(
                    Self.event(
                        "content_block_start",
                        ["index": .integer(block), "content_block": MessagesToolUse.block(id: call.id ?? "toolu_\(block)", name: call.name ?? "", input: .object([:]))]))
            }
            if !call.arguments.isEmpty {
                events.append(
                    Self.event("content_block_delta", ["index": .integer(block), "delta": .object(["type": .string("input_json_delta"), "partial_json": .string(call.arguments)])]))
            }
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let counts = chunk.usage { usage = counts }
        return events
    }

    /// The events that end the message.
    public mutating func finish() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        start(id: nil, into: &events)
        closeText(into: &events)
        for block in openTools { events.append(Self.event("content_block_stop", ["index": .integer(block)])) }
        openTools = []
        let counts = usage ?? TokenUsage(promptTokens: 0, completionTokens: 0)
        events.append(
            Self.event(
                "message_delta",
                [
                    "delta": .object(["stop_reason": .string(ChatFinishReason.anthropicStopReason(finishReason)), "stop_sequence": .null]),
                    "usage": .object(["input_tokens": .integer(counts.promptTokens), "output_tokens": .integer(counts.completionTokens)]),
                ]))
        events.append(Self.event("message_stop", [:]))
        return events
    }

    /// An `error` event for a failure after the stream began.
    public static func error(_ error: APIError) -> ServerSentEvent {
        ServerSentEvent(event: "error", data: MessagesErrorBody.body(for: error))
    }

    private mutating func start(id: String?, into events: inout [ServerSentEvent]) {
        guard !started else { return }
        started = true
        let message: JSONValue = .object([
            "id": .string(MessagesToolUse.messageID(id ?? "")), "type": .string("message"), "role": .string("assistant"), "model": .string(model),
            "content": .array([]), "stop_reason": .null, "stop_sequence": .null,
            "usage": .object(["input_tokens": .integer(0), "output_tokens": .integer(0)]),
        ])
        events.append(Self.event("message_start", ["message": message]))
        events.append(Self.event("ping", [:]))
    }

    private mutating func closeText(into events: inout [ServerSentEvent]) {
        guard let index = openText else { return }
        events.append(Self.event("content_block_stop", ["index": .integer(index)]))
        openText = nil
    }

    private static func event(_ type: String, _ fields: [String: JSONValue]) -> ServerSentEvent {
        var members = fields
        members["type"] = .string(type)
        return ServerSentEvent(event: type, data: JSONValue.object(members).encoded)
    }
}
