import Config
import Foundation
/// A calendar date (proleptic Gregorian), without a time or a time zone.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    /// The date for `year`-`month`-`day`, or nil when there is no such date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.length(ofMonth: month, year: year) else { return nil }
        ordinal = CivilDays.ordinal(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    private init(ordinal: Int) {
        self.ordinal = ordinal
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        CivilDays.components(ordinal: ordinal)
    }

    /// The year.
    public var year: Int { components.year }

    /// Saturday or Sunday.
    public var isWeekend: Bool {
        // 1970-01-01 was a Thursday; 0 = Monday … 6 = Sunday.
        let weekday = ((ordinal % 7) + 7 + 3) % 7
        return weekday >= 5
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(ordinal: ordinal + days)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The date of `now` in China Standard Time (UTC+8, no daylight saving), the exchanges' time.
    public static func today(_ now: Date = Date()) -> CalendarDay {
        CalendarDay(ordinal: Int(((now.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    private static func length(ofMonth month: Int, year: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
