/// Re-expresses the gateway's streamed Chat Completions answer as Responses API events, each
/// with its `sequence_number`: `response.created` and `response.in_progress`; for the message,
/// `response.output_item.added`, `response.content_part.added`, `response.output_text.delta`…;
/// for each tool call, `response.output_item.added` and `response.function_call_arguments.delta`…;
/// at the end the `….done` events of every item (``closeItems()``), and last
/// `response.completed` (or `response.incomplete`) with the whole response (``completed(_:)``).
///
/// The message closes when a tool call begins; tool calls stay open to the end, so arguments of
/// parallel calls that arrive interleaved each go to their own item and none is merged.
public struct ResponsesStreamTranslator: Sendable {
    private enum Item: Sendable {
        case message(text: String)
        case call(ToolCall)
    }

    private let object: ResponsesObject
    private var sequence = 0
    private var started = false
    private var items: [Item] = []
    private var openMessage: Int?
    private var closedMessages: Set<Int> = []
    private var calls: [Int: Int] = [:]
    private var finishReason: String?
    private var usage: TokenUsage?

    /// A translator for the answer of response `object`.
    public init(object: ResponsesObject) {
        self.object = object
    }

    /// The text the answer has so far.
    public var text: String {
        items.compactMap { if case .message(let text) = $0 { text } else { nil } }.joined()
    }

    /// The tool calls the answer has so far.
    public var toolCalls: [ToolCall] {
        items.compactMap { if case .call(let call) = $0 { call } else { nil } }
    }

    /// The events for one chunk of the Chat stream.
    public mutating func translate(_ chunk: ChatChunk) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        start(into: &events)
        if !chunk.text.isEmpty {
            let index: Int
            if let open = openMessage {
                index = open
            } else {
                index = items.count
                items.append(.message(text: ""))
                openMessage = index
                events.append(event("response.output_item.added", ["output_index": .integer(index), "item": object.message(index: index, text: nil, status: "in_progress")]))
                events.append(event("response.content_part.added", partFields(index, part: ResponsesObject.textPart(""))))
            }
            if case .message(let text) = items[index] { items[index] = .message(text: text + chunk.text) }
            var fields = partFields(index, part: nil)
            fields["delta"] = .string(chunk.text)
            fields["logprobs"] = .array([])
            events.append(event("response.output_text.delta", fields))
        }
        for delta in chunk.toolCalls {
            let index: Int
            if let known = calls[delta.index] {
                index = known
            } else {
                closeMessage(into: &events)
                index = items.count
                let call = ToolCall(id: delta.id ?? "call_\(index)", name: delta.name ?? "", arguments: "")
                items.append(.call(call))
                calls[delta.index] = index
                events.append(
                    event("response.output_item.added", ["output_index": .integer(index), "item": object.functionCall(index: index, call: call, status: "in_progress")]))
            }
            guard !delta.arguments.isEmpty, case .call(var call) = items[index] else { continue }
            call.arguments += delta.arguments
            items[index] = .call(call)
            events.append(
                event("response.function_call_arguments.delta", ["output_index": .integer(index), "item_id": .string(object.functionCallID(index)), "delta": .string(delta.arguments)]))
        }
        if let reason = chunk.finishReason { finishReason = reason }
        if let counts = chunk.usage { usage = counts }
        return events
    }

    /// The `….done` events of every item still open.
    public mutating func closeItems() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        start(into: &events)
        closeMessage(into: &events)
        for (index, item) in items.enumerated() {
            guard case .call(let call) = item else { continue }
            events.append(
                event(
                    "response.function_call_arguments.done",
                    ["output_index": .integer(index), "item_id": .string(object.functionCallID(index)), "name": .string(call.name), "arguments": .string(call.arguments)]))
            events.append(event("response.output_item.done", ["output_index": .integer(index), "item": object.functionCall(index: index, call: call, status: "completed")]))
        }
        return events
    }

    /// The whole response as the stream made it; `total` is the exchange's usage when known.
    public func response(usage total: TokenUsage?) -> JSONValue {
        let output = items.enumerated().map { index, item in
            switch item {
            case .message(let text): object.message(index: index, text: text, status: "completed")
            case .call(let call): object.functionCall(index: index, call: call, status: "completed")
            }
        }
        return object.response(status: ResponsesObject.status(finishReason), output: output, usage: total ?? usage, finishReason: finishReason)
    }

    /// The last event: `response.completed` (or `response.incomplete`) with `response`.
    public mutating func completed(_ response: JSONValue) -> ServerSentEvent {
        event(response["status"]?.stringValue == "incomplete" ? "response.incomplete" : "response.completed", ["response": response])
    }

    /// The events for a failure after the stream began: `error`, then `response.failed`.
    public mutating func failure(_ error: APIError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        start(into: &events)
        events.append(event("error", ["code": .string(error.code), "message": .string(error.message), "param": error.param.map(JSONValue.string) ?? .null]))
        events.append(event("response.failed", ["response": object.response(status: "failed", output: [], usage: usage, error: error)]))
        return events
    }

    private mutating func start(into events: inout [ServerSentEvent]) {
        guard !started else { return }
        started = true
        let response = object.response(status: "in_progress", output: [], usage: nil)
        events.append(event("response.created", ["response": response]))
        events.append(event("response.in_progress", ["response": response]))
    }

    private mutating func closeMessage(into events: inout [ServerSentEvent]) {
        guard let index = openMessage, case .message(let text) = items[index] else { return }
        openMessage = nil
        var done = partFields(index, part: nil)
        done["text"] = .string(text)
        done["logprobs"] = .array([])
        events.append(event("response.output_text.done", done))
        events.append(event("response.content_part.done", partFields(index, part: ResponsesObject.textPart(text))))
        events.append(event("response.output_item.done", ["output_index": .integer(index), "item": object.message(index: index, text: text, status: "completed")]))
    }

    private func partFields(_ index: Int, part: JSONValue?) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["output_index": .integer(index), "item_id": .string(object.messageID(index)), "content_index": .integer(0)]
        if let part { fields["part"] = part }
        return fields
    }

    private mutating func event(_ type: String, _ fields: [String: JSONValue]) -> ServerSentEvent {
        var members = fields
        members["type"] = .string(type)
        members["sequence_number"] = .integer(sequence)
        sequence += 1
        return ServerSentEvent(event: type, data: JSONValue.object(members).encoded)
    }
}
