import Foundation
import Plugins

/// A simulated live market for demonstrations: a seeded random walk per security that moves in
/// 0.01 ticks, never leaves the day's price limits, and updates several times a second. Its
/// prices are not real, and its provenance says so.
public struct SimulatedMarket: Sendable {
    /// The securities it quotes.
    public let securities: [Security]
    /// The random seed (the same seed gives the same walk).
    public let seed: UInt64
    /// Updates per second.
    public let updatesPerSecond: Int

    /// Creates the market.
    public init(securities: [Security], seed: UInt64, updatesPerSecond: Int) {
        self.securities = securities
        self.seed = seed
        self.updatesPerSecond = max(1, updatesPerSecond)
    }

    /// A previous close for a security, derived from its code: between 3.00 and 300.00.
    public static func previousClose(of code: String, seed: UInt64) -> Int {
        var hash = seed ^ 0xCBF2_9CE4_8422_2325
        for byte in code.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return 300 + Int(hash % 29_700)
    }

    /// The opening quotes of `day`.
    public func opening(on day: CalendarDay, at date: Date) -> [Quote] {
        securities.map { security in
            let prevClose = Self.previousClose(of: security.code, seed: seed &+ UInt64(day.ordinal))
            return Quote(code: security.code, last: prevClose, open: prevClose, high: prevClose, low: prevClose, prevClose: prevClose, volume: 0, turnover: 0, asOf: date)
        }
    }

    /// One step of the walk for every quote: up to ±0.2 % (at least one tick), kept within the
    /// day's limits, with some volume.
    public func step(_ quotes: [Quote], on day: CalendarDay, at date: Date, generator: inout some RandomNumberGenerator) -> [Quote] {
        zip(securities, quotes).map { security, quote in
            var next = quote
            let band = PriceLimitRule.bandPercent(board: security.board, riskWarning: security.riskWarning, asOf: day)
            let limits = PriceLimitRule.limits(prevClose: quote.prevClose, bandPercent: band, tickFloor: true)
            let reach = max(1, quote.last / 500)
            let move = Int.random(in: -reach...reach, using: &generator)
            next.last = min(limits.up, max(limits.down, quote.last + move))
            next.high = max(next.high, next.last)
            next.low = min(next.low, next.last)
            let shares = security.lot * Int.random(in: 1...50, using: &generator)
            next.volume += shares
            next.turnover = (next.turnover ?? 0) + shares * next.last
            next.asOf = date
            return next
        }
    }

    /// Runs the market into `store` until cancelled, starting a new day when the date changes.
    public func run(into store: QuoteStore) async {
        var generator = SeededGenerator(seed: seed)
        var day = CalendarDay.today()
        var quotes = opening(on: day, at: Date())
        store.update(quotes)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(1000 / updatesPerSecond))
            let now = Date()
            if CalendarDay.today() != day {
                day = CalendarDay.today()
                quotes = opening(on: day, at: now)
            }
            quotes = step(quotes, on: day, at: now, generator: &generator)
            store.update(quotes)
        }
    }
}

/// A seeded random number generator (SplitMix64), so a simulated market can be replayed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
