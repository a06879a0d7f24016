import Config
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

    /// How day and month boundaries are found.
    private enum Rules: Sendable {
        /// From the zone database's offsets, on Unix seconds (no ICU).
        case offsets(ZoneOffsets)
        /// Foundation's calendar (ICU), for zones that still change their clocks.
        case foundation(Calendar)
    }

    private let rules: Rules

    /// A calendar in the IANA zone `timeZone` (UTC when the name is unknown; configuration
    /// loading refuses unknown names). A zone with one fixed offset from its last transition on
    /// is read from the system's zone database; any other is left to Foundation.
    public init(timeZone: String) {
        if let offsets = ZoneOffsets(identifier: timeZone) {
            self.init(offsets: offsets)
        } else {
            self.init(foundationZone: timeZone)
        }
    }

    /// A calendar on the zone database's `offsets`.
    init(offsets: ZoneOffsets) {
        rules = .offsets(offsets)
    }

    /// A calendar on Foundation's `Calendar` in the zone `identifier`.
    init(foundationZone identifier: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!
        rules = .foundation(calendar)
    }

    /// The windows `date` falls in.
    public func windows(at date: Date) -> Windows {
        let seconds = date.timeIntervalSince1970
        let minute = Int64((seconds / 60).rounded(.down))
        let (year, month, day, dayEnd, monthEnd): (Int, Int, Int, Double, Double)
        switch rules {
        case .offsets(let offsets):
            let whole = Int64(seconds.rounded(.down))
            let localDay = Self.floorDivide(whole + Int64(offsets.offset(at: whole)), by: 86_400)
            (year, month, day) = CivilDays.components(ordinal: Int(localDay))
            let nextMonth = CivilDays.ordinal(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            dayEnd = Double(Self.start(ofLocalDay: localDay + 1, in: offsets))
            monthEnd = Double(Self.start(ofLocalDay: Int64(nextMonth), in: offsets))
        case .foundation(let calendar):
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
            let dayStart = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? date
            let nextDay = calendar.date(byAdding: .day, value: 1, to: dayStart) ?? date
            let nextMonth = calendar.date(from: DateComponents(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)) ?? date
            (dayEnd, monthEnd) = (nextDay.timeIntervalSince1970, nextMonth.timeIntervalSince1970)
        }
        return Windows(
            minute: minute, day: Self.dayKey(year: year, month: month, day: day), month: Self.monthKey(year: year, month: month),
            dayEnd: dayEnd, monthEnd: monthEnd)
    }

    /// The Unix second at which local midnight begins the day `localDay` days after 1970-01-01.
    private static func start(ofLocalDay localDay: Int64, in offsets: ZoneOffsets) -> Int64 {
        let midnight = localDay * 86_400
        let guess = midnight - Int64(offsets.offset(at: midnight))
        return midnight - Int64(offsets.offset(at: guess))
    }

    private static func floorDivide(_ value: Int64, by divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
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
