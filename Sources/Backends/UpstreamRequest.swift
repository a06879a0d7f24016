import NIOCore
import Wire

/// What the gateway asks of a backend, independent of which backend ends up serving it.
public struct UpstreamRequest: Sendable {
    /// The OpenAI operation.
    public enum Operation: String, Sendable {
        case chatCompletions = "chat/completions"
        case embeddings
    }

    /// The operation.
    public var operation: Operation
    /// The alias the app asked for; responses carry it as their `model`.
    public var alias: String
    /// The OpenAI request body as the app sent it (after any pipeline changes).
    public var body: ByteBuffer
    /// Where the `model` value sits in `body`, so it can be swapped for each target's name.
    public var modelValueRange: Range<Int>
    /// Whether the app asked for a stream.
    public var stream: Bool
    /// Whether the app asked for usage in the final stream chunk.
    public var includeUsage: Bool
    /// Headers passed on to the backend (e.g. `traceparent`, `x-request-id`).
    public var forwardedHeaders: [(name: String, value: String)]

    /// Creates a request.
    public init(
        operation: Operation, alias: String, body: ByteBuffer, modelValueRange: Range<Int>, stream: Bool, includeUsage: Bool,
        forwardedHeaders: [(name: String, value: String)] = []
    ) {
        self.operation = operation
        self.alias = alias
        self.body = body
        self.modelValueRange = modelValueRange
        self.stream = stream
        self.includeUsage = includeUsage
        self.forwardedHeaders = forwardedHeaders
    }

    /// The body with `model` set to `upstreamModel`; the original bytes when the name is the alias.
    public func body(forUpstreamModel upstreamModel: String) -> ByteBuffer {
        guard upstreamModel != alias else { return body }
        return body.withUnsafeReadableBytes { bytes in
            var splicer = JSONSplicer()
            splicer.replace(modelValueRange, with: JSONStringLiteral.bytes(upstreamModel))
            return ByteBuffer(bytes: splicer.apply(to: bytes))
        }
    }
}
