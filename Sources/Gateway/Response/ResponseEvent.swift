import NIOCore
import Wire

/// One event of an answer as the response filters see it: a JSON answer is one `completion`;
/// a stream is its chunks, then `done`. The SSE framing is parsed once at the upstream edge and
/// encoded once at the app's edge.
public enum ResponseEvent: Sendable {
    /// A whole JSON answer (a chat completion, an embeddings list).
    case completion(ByteBuffer)
    /// One event of a stream, other than its end (usually a `chat.completion.chunk`).
    case chunk(ServerSentEvent)
    /// The stream's end, `data: [DONE]`.
    case done
    /// The answer ends with this error (for a stream, an error event after what was sent).
    /// Filters pass it on unchanged.
    case failure(APIError)

    /// The event as it arrived from a stream.
    init(streamed event: ServerSentEvent) {
        self = event.isDoneSentinel ? .done : .chunk(event)
    }

    /// Whether the event is an answer's last: the stream's end or a failure.
    var endsAnswer: Bool {
        switch self {
        case .done, .failure: true
        case .completion, .chunk: false
        }
    }

    /// About how many bytes ``writeStreamed(to:)`` appends (its data and one line's framing),
    /// to size a buffer once for a batch.
    var streamedByteEstimate: Int {
        switch self {
        case .completion(let body): body.readableBytes + 8
        case .chunk(let event): event.data.count + 8 + (event.event.map { $0.utf8.count + 8 } ?? 0)
        case .done: 14
        case .failure: 256
        }
    }

    /// Appends the event's bytes for an event stream to `buffer`.
    func writeStreamed(to buffer: inout ByteBuffer) {
        switch self {
        case .completion(let body): ServerSentEvent(data: Array(body.readableBytesView)).write(to: &buffer)
        case .chunk(let event): event.write(to: &buffer)
        case .done: buffer.writeStaticString("data: [DONE]\n\n")
        case .failure(let error): ServerSentEvent(data: error.body).write(to: &buffer)
        }
    }
}
