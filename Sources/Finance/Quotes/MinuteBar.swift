import Foundation

/// One minute of trading in a security, built from the quotes the store received.
public struct MinuteBar: Sendable, Equatable {
    /// The minute's start.
    public var start: Date
    /// Prices in fen.
    public var open: Int
    public var high: Int
    public var low: Int
    public var close: Int
    /// Shares traded in the minute.
    public var volume: Int
}
