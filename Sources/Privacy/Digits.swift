import Foundation

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
    /// Today in China (UTC+8) as YYYYMMDD, read from the clock on every call, so a server that
    /// runs for years keeps accepting identity numbers of people born since it started.
    static var today: Int {
        let seconds = Int((Date().timeIntervalSince1970 + 8 * 3600).rounded(.down))
        return yyyymmdd(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01, as YYYYMMDD.
    static func yyyymmdd(daysSinceEpoch days: Int) -> Int {
        // Days since 0000-03-01, counted in 400-year eras of 146,097 days; March-based years put
        // the leap day at the end.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return year * 10_000 + month * 100 + day
    }

    /// Whether year-month-day is a real date.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
