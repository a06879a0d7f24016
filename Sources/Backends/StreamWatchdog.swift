import NIOCore
import Synchronization
import Timers

/// Enforces a relayed stream's deadlines with a timer on an event loop, not a task of its own:
/// `timeouts.first_byte` until the first event is handed on, then `timeouts.idle` since the
/// last upstream chunk (time spent waiting for a slow app to take chunks does not count), and
/// `timeouts.total` throughout.
///
/// The timer wakes at least every `min(idle, 1 s)`, so that the switch from the first phase to
/// the second is noticed promptly. When a deadline passes, the watchdog hands the failure to
/// `expire` (once) and cancels the pump's task; ``stop()`` ends it and says whether it fired.
final class StreamWatchdog: Sendable {
    private enum Phase {
        /// Created; the pump's task is not known yet.
        case unarmed
        /// Watching the pump, with the next check scheduled.
        case armed(Task<Void, Never>, Scheduled<Void>?)
        /// Stopped by the pump before any deadline passed.
        case stopped
        /// A deadline passed.
        case expired(UpstreamFailure)
    }

    private let progress: ProgressClock
    private let backend: String
    private let firstEventDeadline: ContinuousClock.Instant
    private let idleTimeout: Duration
    private let totalDeadline: ContinuousClock.Instant
    private let expire: @Sendable (UpstreamFailure) -> Void
    private let loop: any EventLoop
    private let phase = Mutex(Phase.unarmed)

    /// A watchdog over `progress`; call ``arm(cancelling:)`` once the pump's task exists.
    init(
        progress: ProgressClock, backend: String, firstEventDeadline: ContinuousClock.Instant, idleTimeout: Duration,
        totalDeadline: ContinuousClock.Instant, expire: @escaping @Sendable (UpstreamFailure) -> Void
    ) {
        self.progress = progress
        self.backend = backend
        self.firstEventDeadline = firstEventDeadline
        self.idleTimeout = idleTimeout
        self.totalDeadline = totalDeadline
        self.expire = expire
        loop = TimerLoop.current
    }

    /// Starts watching; `task` is cancelled when a deadline passes. Does nothing if the pump
    /// already stopped the watchdog.
    func arm(cancelling task: Task<Void, Never>) {
        let armed = phase.withLock { phase -> Bool in
            guard case .unarmed = phase else { return false }
            phase = .armed(task, nil)
            return true
        }
        if armed { check() }
    }

    /// Stops watching; returns the failure if a deadline had already passed.
    func stop() -> UpstreamFailure? {
        let (scheduled, failure) = phase.withLock { phase -> (Scheduled<Void>?, UpstreamFailure?) in
            switch phase {
            case .expired(let failure):
                return (nil, failure)
            case .armed(_, let scheduled):
                phase = .stopped
                return (scheduled, nil)
            case .unarmed, .stopped:
                phase = .stopped
                return (nil, nil)
            }
        }
        scheduled?.cancel()
        return failure
    }

    /// Fails the stream if a deadline has passed, else schedules the next check.
    private func check() {
        let now = ContinuousClock.Instant.now
        if let failure = expiredDeadline(at: now) {
            let task = phase.withLock { phase -> Task<Void, Never>? in
                guard case .armed(let task, _) = phase else { return nil }
                phase = .expired(failure)
                return task
            }
            guard let task else { return }
            expire(failure)
            task.cancel()
            return
        }
        let phaseDeadline = progress.eventSent ? progress.lastMark + idleTimeout : firstEventDeadline
        let next = min(phaseDeadline, totalDeadline, now + min(idleTimeout, .seconds(1)))
        let delay = TimeAmount(max(.zero, next - now))
        phase.withLock { phase in
            guard case .armed(let task, _) = phase else { return }
            // Scheduled under the lock, so that a concurrent `stop` finds it and cancels it.
            phase = .armed(task, loop.scheduleTask(in: delay) { self.check() })
        }
    }

    private func expiredDeadline(at now: ContinuousClock.Instant) -> UpstreamFailure? {
        if now >= totalDeadline {
            return UpstreamFailure(backend: backend, kind: .totalTimeout, message: "the stream did not finish within timeouts.total")
        }
        if !progress.eventSent, now >= firstEventDeadline {
            return UpstreamFailure(backend: backend, kind: .firstByteTimeout, message: "no event within timeouts.first_byte")
        }
        // Time spent waiting for a slow app to take chunks is not the backend's silence.
        if progress.eventSent, !progress.waitingForClient, now - progress.lastMark >= idleTimeout {
            return UpstreamFailure(backend: backend, kind: .idleTimeout, message: "the stream was silent for longer than timeouts.idle (\(idleTimeout))")
        }
        return nil
    }
}
