/// The circuit breaker of one backend, as a plain value: it decides whether a request may be
/// sent and learns from each outcome. The caller supplies the time, so it is testable.
///
/// - closed: requests flow; `failureThreshold` consecutive failures open the circuit.
/// - open: requests are refused until `openDuration` has passed.
/// - half-open: one probe request is let through; success closes the circuit, failure
///   opens it again for another `openDuration`.
public struct CircuitBreaker: Sendable, Equatable {
    /// Where the breaker stands.
    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen(probeInFlight: Bool)
    }

    /// The current state.
    public private(set) var state: State = .closed(consecutiveFailures: 0)
    private let failureThreshold: Int
    private let openDuration: Duration

    /// Creates a closed breaker.
    public init(failureThreshold: Int, openDuration: Duration) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }

    /// A short name of the state, for logs and metrics: `closed`, `open` or `half_open`.
    public var stateName: String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half_open"
        }
    }

    /// The answer to "may a request go now?".
    public enum Claim: Sendable, Equatable {
        /// No: the circuit is open, or its one probe is already out.
        case refused
        /// Yes, as an ordinary request.
        case allowed
        /// Yes, as the single probe of a half-open circuit; its outcome decides the circuit.
        case probe
    }

    /// Decides whether a request may go now; in the half-open state this claims the single probe.
    public mutating func claim(now: ContinuousClock.Instant) -> Claim {
        switch state {
        case .closed:
            return .allowed
        case .open(let until):
            guard now >= until else { return .refused }
            state = .halfOpen(probeInFlight: true)
            return .probe
        case .halfOpen(let probeInFlight):
            guard !probeInFlight else { return .refused }
            state = .halfOpen(probeInFlight: true)
            return .probe
        }
    }

    /// Whether a request may go now (see ``claim(now:)``).
    public mutating func allowRequest(now: ContinuousClock.Instant) -> Bool {
        claim(now: now) != .refused
    }

    /// Records a request that the backend served.
    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    /// Records a request that failed because of the backend.
    public mutating func recordFailure(now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= failureThreshold ? .open(until: now + openDuration) : .closed(consecutiveFailures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now + openDuration)
        }
    }

    /// Gives back a claimed half-open probe that taught nothing (never sent, or cancelled).
    public mutating func releaseUnusedProbe() {
        if case .halfOpen(true) = state { state = .halfOpen(probeInFlight: false) }
    }
}
