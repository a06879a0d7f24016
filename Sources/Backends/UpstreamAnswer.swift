import NIOCore
import Wire

/// A backend's successful answer, in the OpenAI protocol (an Anthropic backend's answer is
/// already translated): a complete JSON body, or a stream of events to relay. The body and the
/// events are as the backend sent them otherwise; the gateway's response filters rewrite them.
public enum UpstreamAnswer: Sendable {
    /// A complete OpenAI JSON object (a chat completion, an embeddings list), already checked
    /// to be one: the response filters read it without validating its strings again.
    case complete(ByteBuffer)
    /// A stream whose first event has arrived; read it with ``UpstreamStream/relay(_:)``.
    case stream(UpstreamStream)
}
