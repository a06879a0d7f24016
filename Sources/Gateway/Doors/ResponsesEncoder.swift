import NIOCore
import Privacy
import Wire

/// The Responses API: a `response` object, or its typed events. With `store: true` the response
/// is kept (sealed, with its conversation and level) before the app gets its end: the JSON
/// body, or the stream's last event, `response.completed`, which is held for the tail.
struct ResponsesEncoder: AnswerEncoder {
    let archive: ResponseArchive
    /// The exchange's Responses turn (set by the translate stage); without one, the answer goes
    /// out as Chat Completions.
    let turn: ResponsesTurn?
    private var translator: ResponsesStreamTranslator?
    private var ended = false
    private var sawEnd = false

    init(archive: ResponseArchive, turn: ResponsesTurn?) {
        self.archive = archive
        self.turn = turn
    }

    func json(_ completion: ByteBuffer, exchange: inout Exchange) async throws(APIError) -> ByteBuffer {
        guard let turn else { return completion }
        let answer = try ChatAnswer.read(Array(completion.readableBytesView))
        let response = turn.object.response(
            status: ResponsesObject.status(answer.finishReason), output: turn.object.outputItems(text: answer.text, toolCalls: answer.toolCalls),
            usage: exchange.usage ?? answer.usage, finishReason: answer.finishReason)
        try await keep(response, text: answer.text, toolCalls: answer.toolCalls, turn: turn, exchange: exchange)
        return ByteBuffer(bytes: response.encoded)
    }

    mutating func stream(_ events: [ResponseEvent], into bytes: inout ByteBuffer) {
        guard let turn else { return ChatCompletionsEncoder().stream(events, into: &bytes) }
        var translator = self.translator ?? ResponsesStreamTranslator(object: turn.object)
        defer { self.translator = translator }
        for event in events where !ended {
            switch event.chatStreamEvent {
            case .chunk(let chunk):
                for out in translator.translate(chunk) { out.write(to: &bytes) }
            case .end:
                for out in translator.closeItems() { out.write(to: &bytes) }
                sawEnd = true
                ended = true
            case .failure(let error):
                for out in translator.failure(error) { out.write(to: &bytes) }
                ended = true
            }
        }
    }

    mutating func tail(exchange: inout Exchange) async -> ByteBuffer {
        var bytes = ByteBuffer()
        guard sawEnd, var translator, let turn else { return bytes }
        defer { self.translator = translator }
        let response = translator.response(usage: exchange.usage)
        do throws(APIError) {
            try await keep(response, text: translator.text, toolCalls: translator.toolCalls, turn: turn, exchange: exchange)
            translator.completed(response).write(to: &bytes)
        } catch {
            exchange.recordError(error)
            for out in translator.failure(error) { out.write(to: &bytes) }
        }
        return bytes
    }

    /// Stores the response when the request asked for it, at the highest level its
    /// conversation has held.
    private func keep(_ response: JSONValue, text: String, toolCalls: [ToolCall], turn: ResponsesTurn, exchange: Exchange) async throws(APIError) {
        guard turn.request.store, let tenant = exchange.caller?.tenant else { return }
        let level = [exchange.privacy?.decision.level, exchange.requestedLevel, turn.inheritedLevel].compactMap { $0 }.max() ?? .public1
        try await archive.save(
            id: turn.object.id, tenant: tenant, level: level, response: response,
            conversation: turn.conversation(answer: AssistantTurn(content: text.isEmpty && !toolCalls.isEmpty ? nil : text, toolCalls: toolCalls, finishReason: nil).message))
    }
}
