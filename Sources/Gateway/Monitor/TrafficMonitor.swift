import Foundation
import Synchronization

/// The recent traffic of this instance, for the console: a tally per minute for the last
/// `keptMinutes`, the newest exchanges, and a feed of exchanges as they finish.
///
/// It lives in memory: it starts empty when the instance starts, and each instance shows its
/// own traffic.
public final class TrafficMonitor: Sendable {
    private struct State {
        var minutes: [Int64: TrafficTally] = [:]
        var newestMinute: Int64 = .min
        var recent: [ExchangeSummary] = []
        var recentNext = 0
        var subscribers: [UInt64: AsyncStream<ExchangeSummary>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
    }

    /// How many minutes of tallies are kept.
    public let keptMinutes: Int
    /// How many of the newest exchanges are kept.
    public let keptRecent: Int
    private let state = Mutex(State())

    /// Creates an empty monitor.
    public init(keptMinutes: Int = 24 * 60, keptRecent: Int = 200) {
        self.keptMinutes = keptMinutes
        self.keptRecent = keptRecent
    }

    /// Counts a finished exchange and passes it to every follower.
    public func record(_ summary: ExchangeSummary) {
        let minute = Self.minute(of: summary.receivedAt)
        state.withLock { state in
            state.minutes[minute, default: TrafficTally()].add(summary)
            if minute > state.newestMinute {
                state.newestMinute = minute
                let oldest = minute - Int64(keptMinutes)
                if state.minutes.count > keptMinutes { state.minutes = state.minutes.filter { $0.key > oldest } }
            }
            if state.recent.count < keptRecent {
                state.recent.append(summary)
            } else {
                state.recent[state.recentNext] = summary
            }
            state.recentNext = (state.recentNext + 1) % keptRecent
            for subscriber in state.subscribers.values { subscriber.yield(summary) }
        }
    }

    /// The newest exchanges, newest first.
    public func recent() -> [ExchangeSummary] {
        state.withLock { state in
            guard state.recent.count == keptRecent else { return state.recent.reversed() }
            return Array((state.recent[state.recentNext...] + state.recent[..<state.recentNext]).reversed())
        }
    }

    /// Exchanges as they finish, until the caller stops reading; a follower that falls more
    /// than 100 behind misses the oldest.
    public func follow() -> AsyncStream<ExchangeSummary> {
        let (stream, continuation) = AsyncStream.makeStream(of: ExchangeSummary.self, bufferingPolicy: .bufferingNewest(100))
        let id = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many are following now.
    public var followers: Int { state.withLock { $0.subscribers.count } }

    /// The tallies of the `window` before `now`, split into `slots` equal periods (oldest
    /// first), and their total.
    public func series(window: Duration, slots: Int, now: Date) -> TrafficSeries {
        let windowMinutes = max(1, Int(window.components.seconds / 60))
        let slotCount = max(1, min(slots, windowMinutes))
        let lastMinute = Self.minute(of: now)
        let firstMinute = lastMinute - Int64(windowMinutes) + 1
        var tallies = [TrafficTally](repeating: TrafficTally(), count: slotCount)
        state.withLock { state in
            for (minute, tally) in state.minutes where minute >= firstMinute && minute <= lastMinute {
                let slot = Int(minute - firstMinute) * slotCount / windowMinutes
                tallies[slot].add(tally)
            }
        }
        var total = TrafficTally()
        for tally in tallies { total.add(tally) }
        let starts = (0..<slotCount).map { slot in
            Date(timeIntervalSince1970: Double(firstMinute * 60) + Double(slot * windowMinutes / slotCount * 60))
        }
        return TrafficSeries(slotStarts: starts, slots: tallies, total: total)
    }

    private static func minute(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 60).rounded(.down))
    }
}

/// A window of traffic split into periods.
public struct TrafficSeries: Sendable, Equatable {
    /// When each period starts.
    public var slotStarts: [Date]
    /// Each period's tally, oldest first.
    public var slots: [TrafficTally]
    /// The whole window's tally.
    public var total: TrafficTally
}
