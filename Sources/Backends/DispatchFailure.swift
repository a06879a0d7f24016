/// One attempt made while dispatching a request, for logs and the audit record.
public struct AttemptRecord: Sendable, Equatable {
    /// The backend tried.
    public var backend: String
    /// `ok`, or the failure's label (e.g. `status_503`).
    public var outcome: String
    /// How long the attempt took.
    public var duration: Duration

    /// Creates the record of one attempt.
    public init(backend: String, outcome: String, duration: Duration) {
        self.backend = backend
        self.outcome = outcome
        self.duration = duration
    }
}

/// Why no backend produced an answer.
public struct DispatchFailure: Error, Sendable, CustomStringConvertible {
    /// The reason, by kind.
    public enum Kind: Sendable {
        /// The last attempt failed (after retries, or with an error not worth retrying).
        case upstream(UpstreamFailure)
        /// Every target's circuit is open or it is cooling down after a 429 for too long.
        case noBackendAvailable(String)
        /// Every target was at capacity for `server.queue_timeout`.
        case capacityExhausted
        /// The tenant already had its most requests waiting for the backend (`max_queued`).
        case queueFull(backend: String, waiting: Int)
        /// No backend in a zone the policy allows could take the request (the reason names the
        /// level, the rule, and what was wrong with each allowed backend).
        case noAllowedBackend(String)
    }

    /// The reason.
    public var kind: Kind
    /// The attempts made before giving up.
    public var attempts: [AttemptRecord]
    /// How long the request waited for a backend slot.
    public var queueWait: Duration = .zero

    /// Creates a failure.
    public init(kind: Kind, attempts: [AttemptRecord]) {
        self.kind = kind
        self.attempts = attempts
    }

    public var description: String {
        switch kind {
        case .upstream(let failure): failure.description
        case .noBackendAvailable(let reason): "no backend available: \(reason)"
        case .capacityExhausted: "every backend was at capacity"
        case .queueFull(let backend, let waiting): "\(waiting) requests of the tenant already wait for \(backend)"
        case .noAllowedBackend(let reason): "no allowed backend: \(reason)"
        }
    }
}
