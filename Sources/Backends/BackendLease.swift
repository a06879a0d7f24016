import Synchronization

/// A backend slot held by one request until the backend has finished answering it.
///
/// Ending the lease records the outcome with the backend's circuit breaker and frees the slot.
/// If a lease is dropped without being ended (a path that forgot, or a client that vanished
/// before the body was written) the slot is still freed, so capacity can never leak.
public final class BackendLease: Sendable {
    private struct State {
        var ended = false
        var isProbe: Bool
    }

    /// The backend serving the request.
    public let backend: Backend
    private let state: Mutex<State>

    init(backend: Backend, isProbe: Bool) {
        self.backend = backend
        state = Mutex(State(isProbe: isProbe))
    }

    /// Records that the backend has begun to answer well (a stream's first event): a probe
    /// closes the circuit now rather than when the stream ends.
    public func markServing() {
        let record = state.withLock { state -> Bool in
            guard !state.ended else { return false }
            state.isProbe = false
            return true
        }
        if record { backend.record(nil, isProbe: false) }
    }

    /// Records the outcome (nil for success) and frees the slot. Later calls do nothing.
    public func end(with failure: UpstreamFailure?) {
        let isProbe = state.withLock { state -> Bool? in
            guard !state.ended else { return nil }
            state.ended = true
            return state.isProbe
        }
        guard let isProbe else { return }
        backend.record(failure, isProbe: isProbe)
        backend.scheduler.release()
    }

    deinit {
        let (ended, isProbe) = state.withLock { ($0.ended, $0.isProbe) }
        if !ended {
            if isProbe { backend.returnUnusedAdmission() }
            backend.scheduler.release()
        }
    }
}
