import Foundation

/// The calendar windows quotas are counted in: the minute (of Unix time), and the day and month
/// of the pool's time zone, with when each ends.
public struct PoolCalendar: Sendable {
    /// The windows one minute falls in. Days and months begin on a minute in every time zone,
    /// so one minute is in one day and one month.
    public struct Windows: Sendable, Equatable {
        /// Minutes since the Unix epoch.
        public var minute: Int64
        /// The day, `YYYY-MM-DD`.
        public var day: String
        /// The month, `YYYY-MM`.
        public var month: String
        /// When the day ends, in seconds since the Unix epoch.
        public var dayEnd: Double
        /// When the month ends, in seconds since the Unix epoch.
        public var monthEnd: Double

        /// When the minute ends, in seconds since the Unix epoch.
        public var minuteEnd: Double { Double(minute + 1) * 60 }

        /// Whole seconds from `now` to `end`, at least 1: a `Retry-After`.
        public static func secondsLeft(until end: Double, from now: Date) -> Int {
            max(1, Int((end - now.timeIntervalSince1970).rounded(.up)))
        }
    }

    private let calendar: Calendar

    /// A calendar in the IANA zone `timeZone` (UTC when the name is unknown; configuration
    /// loading refuses unknown names).
    public init(timeZone: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
        self.calendar = calendar
    }

    /// The windows `date` falls in.
    public func windows(at date: Date) -> Windows {
        let seconds = date.timeIntervalSince1970
        let minute = Int64((seconds / 60).rounded(.down))
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 1970, month = parts.month ?? 1, day = parts.day ?? 1
        let dayStart = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? date
        let nextDay = calendar.date(byAdding: .day, value: 1, to: dayStart) ?? date
        let nextMonth = calendar.date(from: DateComponents(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)) ?? date
        return Windows(
            minute: minute, day: Self.dayKey(year: year, month: month, day: day), month: Self.monthKey(year: year, month: month),
            dayEnd: nextDay.timeIntervalSince1970, monthEnd: nextMonth.timeIntervalSince1970)
    }

    /// The days of `month` (`YYYY-MM`) as `YYYY-MM-DD` keys from its first to its last, or nil
    /// when `month` is not such a month.
    public static func days(ofMonth month: String) -> (first: String, last: String)? {
        let parts = month.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let number = Int(parts[1]),
              (1...12).contains(number), year >= 1970
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (dayKey(year: year, month: number, day: 1), dayKey(year: year, month: number, day: lengths[number - 1]))
    }

    private static func dayKey(year: Int, month: Int, day: Int) -> String {
        "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    }

    private static func monthKey(year: Int, month: Int) -> String {
        "\(year)-\(twoDigits(month))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
