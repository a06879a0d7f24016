import Synchronization

/// The time of a stream's last sign of life, and whether its first event went out; written by
/// the reader and read by the watchdog without locks.
final class ProgressClock: Sendable {
    private static let reference = ContinuousClock.Instant.now
    private let nanosecondsSinceReference = Atomic<Int64>(0)
    private let firstEventSent = Atomic<Bool>(false)
    private let blockedOnClient = Atomic<Bool>(false)

    init() { mark() }

    /// Notes whether the reader is waiting for the app to take chunks.
    func setWaitingForClient(_ waiting: Bool) {
        blockedOnClient.store(waiting, ordering: .relaxed)
    }

    /// Whether the reader is waiting for the app to take chunks.
    var waitingForClient: Bool { blockedOnClient.load(ordering: .relaxed) }

    /// Notes progress now.
    func mark() {
        nanosecondsSinceReference.store(Self.reference.duration(to: .now).nanoseconds, ordering: .relaxed)
    }

    /// Notes that an event was handed on.
    func noteEventSent() {
        firstEventSent.store(true, ordering: .relaxed)
    }

    /// Whether an event was handed on.
    var eventSent: Bool { firstEventSent.load(ordering: .relaxed) }

    /// When progress was last noted.
    var lastMark: ContinuousClock.Instant {
        Self.reference + .nanoseconds(nanosecondsSinceReference.load(ordering: .relaxed))
    }
}
