import Synchronization

/// Counts failed sign-ins per client address: after `attempts` failures within `window`, that
/// address is refused until the oldest of them leaves the window.
final class SignInLimiter: Sendable {
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])
    private let attempts: Int
    private let window: Duration
    private let clock: @Sendable () -> ContinuousClock.Instant
    private static let maximumAddresses = 10_000

    /// Creates a limiter; `clock` tells the time (injected by tests).
    init(attempts: Int, window: Duration, clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.attempts = attempts
        self.window = window
        self.clock = clock
    }

    /// How long `address` must wait before trying again, or nil when it may try now.
    func retryAfter(_ address: String) -> Duration? {
        let now = clock()
        return failures.withLock { failures in
            let recent = (failures[address] ?? []).filter { now - $0 < window }
            failures[address] = recent.isEmpty ? nil : recent
            guard recent.count >= attempts, let oldest = recent.first else { return nil }
            return window - (now - oldest)
        }
    }

    /// Counts a failed sign-in from `address`.
    func recordFailure(_ address: String) {
        let now = clock()
        failures.withLock { failures in
            if failures.count >= Self.maximumAddresses { failures = failures.filter { $0.value.contains { now - $0 < window } } }
            failures[address, default: []].append(now)
            if failures[address, default: []].count > attempts { failures[address]?.removeFirst() }
        }
    }

    /// Forgets the failures of `address` (it signed in).
    func recordSuccess(_ address: String) {
        _ = failures.withLock { $0.removeValue(forKey: address) }
    }
}
