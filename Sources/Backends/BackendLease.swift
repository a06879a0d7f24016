import Synchronization

/// A backend slot held by one request until its answer has been fully relayed.
///
/// Ending the lease records the outcome with the backend's circuit breaker and frees the slot.
/// If a lease is dropped without being ended (a path that forgot, or a client that vanished
/// before the body was written) the slot is still freed, so capacity can never leak.
public final class BackendLease: Sendable {
    /// The backend serving the request.
    public let backend: Backend
    private let ended = Atomic<Bool>(false)

    init(backend: Backend) {
        self.backend = backend
    }

    /// Records the outcome (nil for success) and frees the slot. Later calls do nothing.
    public func end(with failure: UpstreamFailure?) {
        guard ended.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        if let failure, failure.kind == .cancelled {
            backend.returnUnusedAdmission()
        } else {
            backend.record(failure)
        }
        backend.slots.release()
    }

    deinit {
        if !ended.load(ordering: .acquiring) {
            backend.returnUnusedAdmission()
            backend.slots.release()
        }
    }
}
