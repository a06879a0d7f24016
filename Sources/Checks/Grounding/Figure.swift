import Foundation

/// What a figure measures.
public enum FigureKind: String, Sendable, Codable, CaseIterable {
    /// Money: a price, a balance, a fee (元, 万元, ¥, CNY …).
    case amount
    /// Per cent (`12.3%`).
    case percentage
    /// Percentage points (`1.5个百分点`, `1.5 pp`).
    case percentagePoints = "percentage_points"
    /// Shares or lots (`200股`, `5手`).
    case quantity
    /// A multiple (`25.3倍`, `1.5x`).
    case multiple
    /// A number with no unit (`最新价1688.00`).
    case number
    /// A calendar date (`2026年3月5日`, `2026-03-05`).
    case date
    /// A six-digit security code (`600519`, `600519.SH`).
    case code
}

/// A calendar date as a figure writes it; the year may be left out (`3月5日`).
public struct FigureDate: Sendable, Hashable {
    /// The year, when written.
    public var year: Int?
    /// The month, 1–12.
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// Creates a date.
    public init(year: Int?, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether the two name the same day (a missing year matches any).
    public func matches(_ other: FigureDate) -> Bool {
        month == other.month && day == other.day && (year == nil || other.year == nil || year == other.year)
    }
}

/// A figure in a text: a number with its sign, currency and unit, where it is (in Unicode
/// scalars) and the value it states.
public struct Figure: Sendable, Equatable {
    /// What it measures.
    public var kind: FigureKind
    /// The figure as written.
    public var text: String
    /// Its first scalar's offset.
    public var start: Int
    /// The offset after its last scalar.
    public var end: Int
    /// The number as written, sign included, before its unit (`1.2` for `1.2万元`).
    public var written: Decimal
    /// Digits written after the decimal point (what the figure's own precision implies).
    public var decimals: Int
    /// What the unit multiplies the written number by (`10000` for 万, `100` for 手).
    public var scale: Decimal
    /// The written digits as an integer, signed (`12` for `1.2万元`): with ``decimals`` and
    /// ``scaleExponent``, the value without `Decimal` arithmetic.
    var significand: Int64 = 0
    /// The power of ten ``scale`` is.
    var scaleExponent = 0
    /// Whether a word of falling (跌, 下降, down …) comes before it, so `跌2.3%` states −2.3 %.
    public var falling: Bool
    /// The code, for a ``FigureKind/code``.
    public var code: String?
    /// The date, for a ``FigureKind/date``.
    public var date: FigureDate?

    /// The value in base units (元, shares, per cent).
    public var value: Decimal { written * scale }
}
