import Wire

/// Builds an ``AssistantTurn`` from the chunks of a streamed answer, and decides which chunks
/// go to the app at once: text deltas do; tool-call deltas, the finish chunk and usage wait
/// until the loop knows whether the turn is the final answer.
struct StreamedTurn: Sendable {
    private(set) var content = ""
    private var hasContent = false
    private var calls: [Int: ToolCall] = [:]
    private(set) var finishReason: String?
    /// The stream's `id`, `created` and `model`, for the chunks the gateway writes itself.
    private(set) var id = "chatcmpl-switchboard"
    private(set) var created: JSONValue = .integer(0)
    private(set) var model: JSONValue = .null

    /// Takes one event; true when the app should get it now.
    mutating func take(_ event: ServerSentEvent) -> Bool {
        guard !event.isDoneSentinel, let chunk = try? JSONValue.parse(event.data) else { return false }
        return take(parsed: chunk)
    }

    /// Takes one event's chunk, already parsed; true when the app should get it now.
    mutating func take(parsed chunk: JSONValue) -> Bool {
        if let value = chunk["id"]?.stringValue { id = value }
        if let value = chunk["created"] { created = value }
        if let value = chunk["model"] { model = value }
        guard let choice = chunk["choices"]?.arrayValue?.first else { return false }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        let delta = choice["delta"]
        var forward = false
        if let text = delta?["content"]?.stringValue {
            content += text
            hasContent = hasContent || !text.isEmpty
            forward = true
        }
        if delta?["role"] != nil { forward = true }
        for call in delta?["tool_calls"]?.arrayValue ?? [] {
            let index = call["index"]?.intValue ?? 0
            var current = calls[index] ?? ToolCall(id: "", name: "", arguments: "")
            if let id = call["id"]?.stringValue { current.id = id }
            if let name = call["function"]?["name"]?.stringValue { current.name += name }
            if let arguments = call["function"]?["arguments"]?.stringValue { current.arguments += arguments }
            calls[index] = current
            forward = false
        }
        return forward && choice["finish_reason"]?.stringValue == nil
    }

    /// The turn so far.
    var turn: AssistantTurn {
        let toolCalls = calls.keys.sorted().compactMap { index in
            calls[index].map { call in ToolCall(id: call.id.isEmpty ? "call_\(index + 1)" : call.id, name: call.name, arguments: call.arguments) }
        }
        return AssistantTurn(content: hasContent ? content : nil, toolCalls: toolCalls, finishReason: finishReason)
    }

    /// A chunk in this stream's shape with `choices` as given and extra top-level members.
    func chunk(choices: [JSONValue], extra: [String: JSONValue] = [:]) -> ServerSentEvent {
        var members: [String: JSONValue] = [
            "id": .string(id), "object": .string("chat.completion.chunk"), "created": created, "model": model, "choices": .array(choices),
        ]
        members.merge(extra) { _, new in new }
        return ServerSentEvent(data: JSONValue.object(members).encoded)
    }

    /// A chunk with one choice carrying `delta` and `finishReason`.
    func chunk(delta: [String: JSONValue], finishReason: String?, extra: [String: JSONValue] = [:]) -> ServerSentEvent {
        chunk(
            choices: [.object(["index": .integer(0), "delta": .object(delta), "finish_reason": finishReason.map(JSONValue.string) ?? .null])],
            extra: extra)
    }
}
