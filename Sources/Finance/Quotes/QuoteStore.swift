import Foundation
import Synchronization

/// The latest quote of every security, as the quote source last delivered it, with a staleness
/// limit: a quote older than ``staleAfter`` is reported as stale, never passed off as live. It
/// also keeps the last ``barsKept`` minute bars of each security, built from the quotes.
public final class QuoteStore: Sendable {
    private struct State {
        var quotes: [String: Quote] = [:]
        var bars: [String: [MinuteBar]] = [:]
    }

    private let state = Mutex(State())
    /// How old a quote may be and still count as live.
    public let staleAfter: Duration
    /// Where the quotes come from (for provenance), e.g. `simulated market`.
    public let source: String
    /// The source's clock: now, or the replayed time of a replay.
    public let clock: @Sendable () -> Date
    /// Minute bars kept per security (two trading days).
    public static let barsKept = 480

    /// Creates an empty store.
    public init(staleAfter: Duration, source: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.staleAfter = staleAfter
        self.source = source
        self.clock = clock
    }

    /// Records quotes (replacing older ones of the same codes) and extends their minute bars.
    public func update(_ updates: [Quote]) {
        state.withLock { state in
            for quote in updates where state.quotes[quote.code].map({ $0.asOf <= quote.asOf }) ?? true {
                let previous = state.quotes[quote.code]
                state.quotes[quote.code] = quote
                let minute = Date(timeIntervalSince1970: (quote.asOf.timeIntervalSince1970 / 60).rounded(.down) * 60)
                let traded = max(0, quote.volume - (previous?.volume ?? 0))
                var bars = state.bars[quote.code, default: []]
                if var last = bars.last, last.start == minute {
                    last.high = max(last.high, quote.last)
                    last.low = min(last.low, quote.last)
                    last.close = quote.last
                    last.volume += traded
                    bars[bars.count - 1] = last
                } else {
                    bars.append(MinuteBar(start: minute, open: quote.last, high: quote.last, low: quote.last, close: quote.last, volume: traded))
                    if bars.count > Self.barsKept { bars.removeFirst(bars.count - Self.barsKept) }
                }
                state.bars[quote.code] = bars
            }
        }
    }

    /// Forgets every quote and bar (a replay starting over).
    public func reset() {
        state.withLock { $0 = State() }
    }

    /// The minute bars of `code` that start in `range`.
    public func bars(_ code: String, in range: ClosedRange<Date>) -> [MinuteBar] {
        state.withLock { $0.bars[code] ?? [] }.filter { range.contains($0.start) }
    }

    /// The latest quote of `code`, and whether it is stale at `now` (the source's clock when nil).
    public func quote(_ code: String, now: Date? = nil) -> (quote: Quote, stale: Bool)? {
        let now = now ?? clock()
        guard let quote = state.withLock({ $0.quotes[code] }) else { return nil }
        let age = now.timeIntervalSince(quote.asOf)
        let limit = Double(staleAfter.components.seconds) + Double(staleAfter.components.attoseconds) / 1e18
        return (quote, age > limit)
    }

    /// How many securities have a quote.
    public var count: Int { state.withLock { $0.quotes.count } }
}
