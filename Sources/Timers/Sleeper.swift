import NIOCore
import NIOPosix
import Synchronization

/// Sleeps that give their timer back the moment they are cancelled.
///
/// `Task.sleep` keeps a cancelled sleep's timer, and the small task behind it, until the
/// original deadline passes (swiftlang/swift#60441). A request timeout of 600 s that is
/// cancelled after a millisecond therefore holds its memory for 600 s, and a gateway under load
/// holds requests/s × timeout of them. These sleeps wait on an event loop's scheduled task
/// instead, which the loop drops as soon as it is cancelled. Use them for every wait that is
/// usually cut short: timeouts, watchdogs, waits for a queue.
///
/// ```swift
/// try await Sleeper.sleep(for: .seconds(30))      // throws CancellationError when cancelled
/// ```
public enum Sleeper {
    /// Suspends until `deadline` has passed; throws `CancellationError` at once when the task
    /// is (or already was) cancelled.
    public static func sleep(until deadline: ContinuousClock.Instant) async throws(CancellationError) {
        try await sleep(for: deadline - .now)
    }

    /// Suspends for `duration`; throws `CancellationError` at once when the task is (or
    /// already was) cancelled.
    public static func sleep(for duration: Duration) async throws(CancellationError) {
        if Task.isCancelled { throw CancellationError() }
        guard duration > .zero else { return }
        let timer = SleepTimer()
        let delay = TimeAmount(duration)
        let loop = TimerLoop.current
        let fired = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in timer.start(continuation, after: delay, on: loop) }
        } onCancel: {
            timer.cancel()
        }
        if !fired { throw CancellationError() }
    }
}

/// One sleep's timer: started once, then either fired by the loop or cancelled by the task.
/// Whichever comes first resumes the sleeper, exactly once.
private final class SleepTimer: Sendable {
    private enum Phase {
        /// Not started yet.
        case starting
        /// Cancelled before it was started: the start resumes the sleeper at once.
        case cancelledBeforeStart
        /// Scheduled on the loop, the sleeper suspended.
        case waiting(UnsafeContinuation<Bool, Never>, Scheduled<Void>)
        /// The sleeper was resumed.
        case over
    }

    private let phase = Mutex(Phase.starting)

    /// Schedules the timer; the sleeper is resumed with true when it fires, false when cancelled.
    func start(_ continuation: UnsafeContinuation<Bool, Never>, after delay: TimeAmount, on loop: any EventLoop) {
        let cancelled = phase.withLock { phase -> Bool in
            guard case .starting = phase else {
                phase = .over
                return true
            }
            // Scheduled under the lock, so that `fire` (on the loop's thread) finds `waiting`.
            let scheduled = loop.scheduleTask(in: delay) { self.fire() }
            phase = .waiting(continuation, scheduled)
            return false
        }
        if cancelled { continuation.resume(returning: false) }
    }

    private func fire() {
        let sleeper = phase.withLock { phase -> UnsafeContinuation<Bool, Never>? in
            guard case .waiting(let continuation, _) = phase else { return nil }
            phase = .over
            return continuation
        }
        sleeper?.resume(returning: true)
    }

    /// Drops the scheduled task from its loop and resumes the sleeper.
    func cancel() {
        let taken = phase.withLock { phase -> (UnsafeContinuation<Bool, Never>, Scheduled<Void>)? in
            switch phase {
            case .starting:
                phase = .cancelledBeforeStart
                return nil
            case .waiting(let continuation, let scheduled):
                phase = .over
                return (continuation, scheduled)
            case .cancelledBeforeStart, .over:
                return nil
            }
        }
        guard let (sleeper, scheduled) = taken else { return }
        scheduled.cancel()
        sleeper.resume(returning: false)
    }
}

