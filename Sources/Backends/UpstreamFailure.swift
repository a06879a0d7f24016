/// Why one attempt to get an answer from a backend failed.
public struct UpstreamFailure: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; decides retrying, the circuit breaker and the status the app sees.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made or broke before a response arrived.
        case connection
        /// The backend answered with this HTTP status (4xx or 5xx).
        case status(Int)
        /// No first byte of the body within `timeouts.first_byte`.
        case firstByteTimeout
        /// A stream fell silent for longer than `timeouts.idle`.
        case idleTimeout
        /// The whole call took longer than `timeouts.total`.
        case totalTimeout
        /// The connection was cut in the middle of the response body.
        case cutOff
        /// The response could not be understood (malformed JSON or SSE).
        case malformed
        /// The response body was larger than `server.max_upstream_body_bytes`.
        case tooLarge
        /// The backend cannot serve this kind of request (e.g. embeddings on an Anthropic backend).
        case unsupported
        /// The app went away (or the request was otherwise cancelled) before the answer was complete.
        case cancelled
    }

    /// The backend's name.
    public var backend: String
    /// What happened.
    public var kind: Kind
    /// Detail for people: the backend's own error message when it sent one.
    public var message: String
    /// The backend's `Retry-After`, when it sent one.
    public var retryAfter: Duration?
    /// The backend's error `type`, when it sent an OpenAI- or Anthropic-shaped error.
    public var upstreamType: String?
    /// The backend's error `code`, when it sent one.
    public var upstreamCode: String?
    /// The request parameter at fault, when known.
    public var param: String?

    /// Creates a failure.
    public init(backend: String, kind: Kind, message: String, retryAfter: Duration? = nil, upstreamType: String? = nil, upstreamCode: String? = nil, param: String? = nil) {
        self.backend = backend
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
        self.upstreamType = upstreamType
        self.upstreamCode = upstreamCode
        self.param = param
    }

    /// Whether another target (or the same one later) may succeed where this failed.
    public var isRetryable: Bool {
        switch kind {
        case .connection, .firstByteTimeout, .totalTimeout, .idleTimeout, .cutOff, .malformed, .unsupported: true
        case .status(let status): status == 429 || status >= 500
        case .tooLarge, .cancelled: false
        }
    }

    /// Whether this failure counts against the backend's circuit breaker.
    public var countsAgainstBackend: Bool {
        switch kind {
        case .connection, .firstByteTimeout, .totalTimeout, .idleTimeout, .cutOff, .malformed: true
        case .status(let status): status >= 500
        case .tooLarge, .unsupported, .cancelled: false
        }
    }

    /// A bounded, stable label for logs and metrics, e.g. `status_503` or `idle_timeout`.
    public var label: String {
        switch kind {
        case .connection: "connection"
        case .status(let status): "status_\(status)"
        case .firstByteTimeout: "first_byte_timeout"
        case .idleTimeout: "idle_timeout"
        case .totalTimeout: "total_timeout"
        case .cutOff: "cut_off"
        case .malformed: "malformed"
        case .tooLarge: "too_large"
        case .unsupported: "unsupported"
        case .cancelled: "cancelled"
        }
    }

    public var description: String { "backend '\(backend)': \(label): \(message)" }
}
