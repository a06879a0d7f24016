import NIOCore
import Wire

/// A backend's successful answer, ready for the app: a complete body or a stream to relay.
public enum UpstreamAnswer: Sendable {
    /// A complete OpenAI JSON body (already carrying the alias as `model`) and its usage.
    case complete(body: ByteBuffer, usage: TokenUsage?)
    /// A stream whose first event has arrived; relay it with ``UpstreamStream/relay(_:)``.
    case stream(UpstreamStream)
}
