import Synchronization
import Timers

/// A counting semaphore for async code: limits how many requests a backend serves at once.
///
/// Waiters are served first in, first out. A waiter gives up when its task is cancelled or its
/// timeout passes; neither leaks a permit, whichever order the events race in.
public final class AsyncSemaphore: Sendable {
    /// Why a wait ended without a permit.
    public enum WaitError: Error, Sendable {
        case timedOut
        case cancelled
    }

    private enum Entry {
        case awaitingRegistration
        case registered(CheckedContinuation<Void, any Error>)
        case abandoned(WaitError)
    }

    private struct State {
        var available: Int
        var queue: [UInt64] = []
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>
    /// The number of permits the semaphore was created with.
    public let capacity: Int

    /// Creates a semaphore with `capacity` permits.
    public init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(available: capacity))
    }

    /// Permits currently held.
    public var inUse: Int { state.withLock { capacity - $0.available } }

    /// Requests waiting for a permit.
    public var waiting: Int { state.withLock { $0.entries.count } }

    /// Takes a permit if one is free, without waiting.
    public func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.available > 0, state.queue.isEmpty else { return false }
            state.available -= 1
            return true
        }
    }

    /// Waits up to `timeout` for a permit.
    public func acquire(timeout: Duration) async throws(WaitError) {
        if tryAcquire() { return }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            state.entries[state.nextID] = .awaitingRegistration
            return state.nextID
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Sleeper.sleep(for: timeout)
                    self.abandon(id: id, with: .timedOut)
                }
                defer { group.cancelAll() }
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                        register(id: id, continuation: continuation)
                    }
                } onCancel: {
                    self.abandon(id: id, with: .cancelled)
                }
            }
        } catch let error as WaitError {
            throw error
        } catch {
            abandon(id: id, with: .cancelled)
            throw .cancelled
        }
    }

    /// Returns a permit, handing it to the oldest waiter if there is one.
    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            while !state.queue.isEmpty {
                let id = state.queue.removeFirst()
                if case .registered(let continuation) = state.entries.removeValue(forKey: id) {
                    return continuation
                }
            }
            state.available = min(state.available + 1, capacity)
            return nil
        }
        next?.resume()
    }

    private func register(id: UInt64, continuation: CheckedContinuation<Void, any Error>) {
        enum Outcome { case granted, failed(WaitError), waiting }
        let outcome = state.withLock { state -> Outcome in
            if case .abandoned(let error) = state.entries[id] {
                state.entries[id] = nil
                return .failed(error)
            }
            if state.available > 0, state.queue.isEmpty {
                state.available -= 1
                state.entries[id] = nil
                return .granted
            }
            state.entries[id] = .registered(continuation)
            state.queue.append(id)
            return .waiting
        }
        switch outcome {
        case .granted: continuation.resume()
        case .failed(let error): continuation.resume(throwing: error)
        case .waiting: break
        }
    }

    private func abandon(id: UInt64, with error: WaitError) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            switch state.entries[id] {
            case .awaitingRegistration:
                state.entries[id] = .abandoned(error)
                return nil
            case .registered(let continuation):
                state.entries[id] = nil
                state.queue.removeAll { $0 == id }
                return continuation
            case .abandoned, nil:
                return nil
            }
        }
        continuation?.resume(throwing: error)
    }
}
