import Foundation
import Synchronization

/// Small helpers for ASCII digit strings.
enum Digits {
    /// The decimal value of ASCII digits, or nil if any byte is not a digit (or there are more than 18).
    static func value(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Whether every byte is an ASCII digit.
    static func areDigits(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// Gregorian calendar date checks.
enum CalendarDate {
    /// The day of `date` in China (UTC+8) as YYYYMMDD. Scanners read it from their clock on
    /// every call, so a server that runs for years keeps accepting identity numbers of people
    /// born since it started.
    static func chinaDate(of date: Date) -> Int {
        let day = Int(((date.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))
        return todayCache.withLock { cache in
            if cache.day != day { cache = (day, yyyymmdd(daysSinceEpoch: day)) }
            return cache.value
        }
    }

    /// The last day asked for and its YYYYMMDD, so the calendar is consulted once a day.
    private static let todayCache = Mutex<(day: Int, value: Int)>((day: Int.min, value: 0))

    /// The date `days` days after 1970-01-01 (UTC), as YYYYMMDD.
    static func yyyymmdd(daysSinceEpoch days: Int) -> Int {
        let utc = TimeZone(identifier: "UTC")!
        let components = Calendar(identifier: .gregorian).dateComponents(in: utc, from: Date(timeIntervalSince1970: Double(days) * 86_400))
        return (components.year ?? 9999) * 10_000 + (components.month ?? 12) * 100 + (components.day ?? 31)
    }

    /// Whether year-month-day is a real date.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
