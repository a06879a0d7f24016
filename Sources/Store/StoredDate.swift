import Config
import Foundation
import GRDB

/// Writes and reads dates as GRDB stores them, as text (`2026-12-01 09:30:00.000`, UTC), without
/// the Foundation date formatter and calendar GRDB's own conversion uses: they load ICU's data,
/// megabytes of resident memory, on the first key a new database creates or a gateway looks up.
enum StoredDate {
    /// `date` in GRDB's format, rounded to the millisecond as GRDB's formatter does.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let millisecondsOfDay = (milliseconds % 86_400_000 + 86_400_000) % 86_400_000
        let (year, month, day) = CivilDays.components(ordinal: Int((milliseconds - millisecondsOfDay) / 86_400_000))
        let seconds = millisecondsOfDay / 1000
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(Int64(year), 4))-\(padded(Int64(month), 2))-\(padded(Int64(day), 2)) "
            + "\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2)).\(padded(millisecondsOfDay % 1000, 3))"
    }

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
