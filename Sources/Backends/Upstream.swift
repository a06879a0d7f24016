import Config

/// Where the gateway sends model calls: the ``Dispatcher`` over the configured backends, or, in
/// tests, an in-process double that answers in the same shapes.
public protocol Upstream: Sendable {
    /// Sends `request` for the alias `model` to a backend that may serve it and returns its
    /// answer; nothing has reached the app when this throws.
    func dispatch(_ request: UpstreamRequest, model: ModelConfig) async throws(DispatchFailure) -> DispatchedAnswer
}

/// A request that found its backend: the answer, who gave it, and every attempt made.
public struct DispatchedAnswer: Sendable {
    /// The answer.
    public var answer: UpstreamAnswer
    /// The backend that answered.
    public var backend: String
    /// That backend's zone.
    public var zone: Zone
    /// The model name sent to it.
    public var upstreamModel: String
    /// Every attempt, the successful one last.
    public var attempts: [AttemptRecord]
    /// How long the request waited for a backend slot.
    public var queueWait: Duration = .zero

    /// Creates a dispatched answer.
    public init(answer: UpstreamAnswer, backend: String, zone: Zone, upstreamModel: String = "", attempts: [AttemptRecord]) {
        self.answer = answer
        self.backend = backend
        self.zone = zone
        self.upstreamModel = upstreamModel
        self.attempts = attempts
    }
}
