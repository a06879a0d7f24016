import NIOCore
import Wire

/// Writes the answer the response filters left in the shape of the app's front door: a JSON
/// body, or a stream's bytes batch by batch and then its tail. Made per exchange, with what it
/// reads of the exchange while streaming (the alias, the Responses turn), so that a stream's
/// batches need no copy of the exchange.
protocol AnswerEncoder: Sendable {
    /// The body of a JSON answer. It may record what it needs (a stored response) first; a
    /// failure is what the app gets instead.
    mutating func json(_ completion: ByteBuffer, exchange: inout Exchange) async throws(APIError) -> ByteBuffer

    /// Appends the bytes of a batch of streamed events to `bytes`.
    mutating func stream(_ events: [ResponseEvent], into bytes: inout ByteBuffer)

    /// The bytes that end the stream, once every event has been written and before the
    /// exchange's record is written (so a failure to store is recorded too).
    mutating func tail(exchange: inout Exchange) async -> ByteBuffer
}

/// Chat Completions: the answer as the filters left it, ending in `data: [DONE]`.
struct ChatCompletionsEncoder: AnswerEncoder {
    func json(_ completion: ByteBuffer, exchange: inout Exchange) async throws(APIError) -> ByteBuffer {
        completion
    }

    func stream(_ events: [ResponseEvent], into bytes: inout ByteBuffer) {
        bytes.reserveCapacity(minimumWritableBytes: events.reduce(0) { $0 + $1.streamedByteEstimate })
        for event in events { event.writeStreamed(to: &bytes) }
    }

    func tail(exchange: inout Exchange) async -> ByteBuffer {
        ByteBuffer()
    }
}

/// The Anthropic Messages API: a `message`, or its events. The events that end the message
/// (`message_delta`, `message_stop`) are held for the tail, so that an audit failure can still
/// end the stream with an `error` event instead.
struct MessagesEncoder: AnswerEncoder {
    /// The alias the app asked for, which a streamed message names.
    let model: String
    private var translator: MessagesStreamTranslator?
    private var ended = false
    private var sawEnd = false

    func json(_ completion: ByteBuffer, exchange: inout Exchange) async throws(APIError) -> ByteBuffer {
        ByteBuffer(
            bytes: try MessagesAnswerTranslator.message(
                Array(completion.readableBytesView), model: model, usage: exchange.usage))
    }

    init(model: String) {
        self.model = model
    }

    mutating func stream(_ events: [ResponseEvent], into bytes: inout ByteBuffer) {
        var translator = self.translator ?? MessagesStreamTranslator(model: model)
        defer { self.translator = translator }
        for event in events where !ended {
            switch event.chatStreamEvent {
            case .chunk(let chunk):
                for out in translator.translate(chunk) { out.write(to: &bytes) }
            case .end:
                sawEnd = true
                ended = true
            case .failure(let error):
                MessagesStreamTranslator.error(error).write(to: &bytes)
                ended = true
            }
        }
    }

    mutating func tail(exchange: inout Exchange) async -> ByteBuffer {
        var bytes = ByteBuffer()
        guard sawEnd, var translator else { return bytes }
        for out in translator.finish() { out.write(to: &bytes) }
        return bytes
    }
}

/// A streamed event as a door that re-expresses Chat chunks reads it.
enum ChatStreamEvent {
    /// A chunk (a whole answer counts as one).
    case chunk(ChatChunk)
    /// The stream's end.
    case end
    /// The answer failed, or a chunk could not be read.
    case failure(APIError)
}

extension ResponseEvent {
    /// The event read as a Chat chunk, the end, or a failure.
    var chatStreamEvent: ChatStreamEvent {
        do throws(APIError) {
            switch self {
            case .chunk(let chunk): return .chunk(try ChatChunk.read(chunk.data))
            case .completion(let body): return .chunk(ChatChunk(whole: try ChatAnswer.read(Array(body.readableBytesView))))
            case .done: return .end
            case .failure(let error): return .failure(error)
            }
        } catch {
            return .failure(error)
        }
    }
}
