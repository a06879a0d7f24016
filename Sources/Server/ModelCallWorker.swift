import Synchronization

/// The one task that answers a connection's model calls, one after the other, for as long as
/// the connection lives. A task per call would start afresh each time: its allocator's first
/// slabs (several KiB for an exchange's frames) are allocated and freed with every call, where a
/// connection's task keeps them.
///
/// ``ModelRouteHandler`` submits a call only once the one before has been answered, so at most
/// one call waits here. The state is shared between the connection's event loop (submit,
/// finish) and the task (next), under a mutex.
final class ModelCallWorker: Sendable {
    private struct State {
        var waiting: UnsafeContinuation<Work?, Never>?
        var queued: Work?
        var finished = false
    }

    /// A call and where its answer goes.
    struct Work: Sendable {
        let call: ModelCall
        let connection: ModelCallConnection
    }

    private let state = Mutex(State())

    /// Starts the task that answers with `responder`.
    init(responder: ModelCallResponder) {
        Task { [self] in
            while let work = await next() {
                await work.connection.write(responder.answer(work.call), for: work.call)
            }
        }
    }

    /// Hands `work` to the task; it is moved, not copied, to where the task takes it.
    func submit(_ work: consuming Work) {
        var handed: Work? = work
        let waiting = state.withLock { state -> UnsafeContinuation<Work?, Never>? in
            guard let waiting = state.waiting else {
                state.queued = handed.take()
                return nil
            }
            state.waiting = nil
            return waiting
        }
        waiting?.resume(returning: handed.take())
    }

    /// Ends the task once the call it has (if any) is answered: the connection has closed.
    func finish() {
        let waiting = state.withLock { state -> UnsafeContinuation<Work?, Never>? in
            state.finished = true
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume(returning: nil)
    }

    private func next() async -> Work? {
        await withUnsafeContinuation { continuation in
            let ready = state.withLock { state -> Work?? in
                if let ready = Self.take(&state) { return ready }
                state.waiting = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The queued work, or `.some(nil)` once finished; nil when the task must wait.
    private static func take(_ state: inout State) -> Work?? {
        if let queued = state.queued {
            state.queued = nil
            return .some(queued)
        }
        return state.finished ? .some(nil) : nil
    }
}
