import NIOCore

/// A deadline on one event loop that is set again and again and seldom reached: a connection's
/// idle time, or the time a request has to arrive. It keeps one timer, set again only when it
/// fires before the current deadline, so a connection serving request after request schedules a
/// timer once per `interval` instead of scheduling and cancelling one per request. Because every
/// deadline is `interval` from when it is set, a later one never comes before the timer.
///
/// It belongs to its event loop: every call must be made there (a channel handler's).
public final class RenewableDeadline {
    private let interval: TimeAmount
    private let loop: any EventLoop
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private let onExpiry: () -> Void

    /// A deadline `interval` after each ``start()``, on `loop`; `onExpiry` runs on the loop when
    /// one passes before ``stop()``.
    public init(interval: TimeAmount, loop: any EventLoop, onExpiry: @escaping () -> Void) {
        self.interval = interval
        self.loop = loop
        self.onExpiry = onExpiry
    }

    /// Starts the interval from now.
    public func start() {
        deadline = loop.now + interval
        if timer == nil { arm() }
    }

    /// Stops the clock; a timer still set finds nothing to do when it fires.
    public func stop() {
        deadline = nil
    }

    /// Stops the clock and drops the timer, for a connection that is going away.
    public func cancel() {
        stop()
        timer?.cancel()
        timer = nil
    }

    private func arm() {
        guard let deadline else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        timer = loop.scheduleTask(deadline: deadline) { bound.value.fired() }
    }

    private func fired() {
        timer = nil
        guard let deadline else { return }
        if loop.now >= deadline {
            stop()
            onExpiry()
        } else {
            arm()
        }
    }
}
