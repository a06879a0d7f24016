import Config
import Foundation
import GRDB

/// Reads the dates GRDB stores as text (`2026-12-01 09:30:00.000`, UTC) without Foundation's
/// calendar, which GRDB's own conversion uses and which loads ICU's data (megabytes of resident
/// memory) on the first API key a gateway looks up.
enum StoredDate {
    /// The date in `column` of `row`: parsed here when it is text in GRDB's format, else
    /// converted by GRDB (a number of seconds, another text form); nil for NULL.
    static func date(in row: Row, column: String) -> Date? {
        let value: DatabaseValue = row[column]
        if case .string(let text) = value.storage, let date = parse(text) { return date }
        return Date.fromDatabaseValue(value)
    }

    /// `YYYY-MM-DD HH:MM:SS` (or with a `T`), with an optional fraction of a second, in UTC;
    /// nil for anything else.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var fraction = 0.0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, let digits = number(bytes[20...]) else { return nil }
            fraction = Double(digits) / pow(10, Double(bytes.count - 20))
        }
        let days = CivilDays.ordinal(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
