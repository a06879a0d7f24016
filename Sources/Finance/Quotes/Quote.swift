import Foundation
import Wire

/// The latest state of one security's trading day: prices in fen, volume in shares, turnover
/// in fen, and when it was true.
public struct Quote: Sendable, Equatable {
    /// The six-digit code.
    public var code: String
    /// The last trade price.
    public var last: Int
    /// The day's open.
    public var open: Int
    /// The day's high.
    public var high: Int
    /// The day's low.
    public var low: Int
    /// The previous close.
    public var prevClose: Int
    /// Shares traded today.
    public var volume: Int
    /// Value traded today, in fen; nil when the source does not say (bars, some feeds).
    public var turnover: Int?
    /// When the quote was true (the feed's time, not when it arrived).
    public var asOf: Date

    /// Creates a quote.
    public init(code: String, last: Int, open: Int, high: Int, low: Int, prevClose: Int, volume: Int, turnover: Int?, asOf: Date) {
        self.code = code
        self.last = last
        self.open = open
        self.high = high
        self.low = low
        self.prevClose = prevClose
        self.volume = volume
        self.turnover = turnover
        self.asOf = asOf
    }

    /// The change against the previous close, in fen.
    public var change: Int { last - prevClose }

    /// The change in percent, rounded half-up to two decimals, as a decimal string.
    public var changePercent: String {
        // basis points ×100, rounded half away from zero: change / prev × 10000
        let scaled = change * 10_000
        let basisPoints = (scaled >= 0 ? scaled + prevClose / 2 : scaled - prevClose / 2) / prevClose
        return Cents.string(basisPoints)
    }
}
