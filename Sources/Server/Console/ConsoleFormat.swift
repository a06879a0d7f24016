import Audit
import Foundation
import Wire

/// How the console writes times, durations, amounts and statuses.
struct ConsoleFormat: Sendable {
    private let timeZoneName: String

    /// Times are shown in `timeZoneName` (the pool's time zone), UTC when it is unknown.
    init(timeZoneName: String) {
        self.timeZoneName = timeZoneName
    }

    /// Looked up when a page shows a time, not when the routes are built: Foundation's time
    /// zones load ICU's data, megabytes of resident memory a gateway whose console is never
    /// opened does not need. Foundation caches the zones it has made.
    private var timeZone: TimeZone {
        TimeZone(identifier: timeZoneName) ?? TimeZone(secondsFromGMT: 0)!
    }

    /// `2026-12-02 09:15:04`.
    func time(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// `09:15`, for chart labels.
    func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// The month `date` falls in: `2026-12`.
    func month(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }

    /// Epoch milliseconds as a time.
    func time(milliseconds: Int64) -> String {
        time(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Epoch milliseconds for a time typed into a search: `2026-12-01`, `2026-12-01 09:30` or
    /// `2026-12-01T09:30` in the console's time zone, or anything the audit API takes (epoch
    /// milliseconds, ISO 8601 with a zone).
    func parseTime(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for pattern in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = pattern
            if let date = formatter.date(from: trimmed) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return AuditTime.parse(trimmed)
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Microseconds as milliseconds: `0.42 ms` below 10 ms, `37 ms` above; "–" for none.
    static func milliseconds(_ micros: Int64?) -> String {
        guard let micros else { return "–" }
        let value = Double(micros) / 1000
        return value < 10 ? String(format: "%.2f ms", value) : String(format: "%.0f ms", value)
    }

    /// Microseconds as a plain number of milliseconds (`12.3`), for tables headed in ms.
    static func plainMilliseconds(_ micros: Int64) -> String {
        String(format: "%.1f", Double(micros) / 1000)
    }

    /// A count with thousands separators: `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A share of a whole: `42.0%`, "–" when the whole is nothing.
    static func share(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    /// An amount of money, exactly as the decimal holds it.
    static func money(_ amount: Decimal, currency: String) -> String {
        "\(amount) \(currency)"
    }

    /// JSON text laid out for reading (sorted keys, two-space indents, numbers exactly as
    /// written); other text as it is.
    static func prettyJSON(_ text: String) -> String {
        var text = text
        guard let value = text.withUTF8({ try? JSONValue.parse(UnsafeRawBufferPointer($0)) }) else { return text }
        switch value {
        case .object, .array:
            var output = ""
            write(value, indent: "", to: &output)
            return output
        default:
            return text
        }
    }

    private static func write(_ value: JSONValue, indent: String, to output: inout String) {
        let inner = indent + "  "
        switch value {
        case .object(let members) where !members.isEmpty:
            output += "{\n"
            for (index, key) in members.keys.sorted().enumerated() {
                output += inner + JSONValue.string(key).encodedString + ": "
                write(members[key]!, indent: inner, to: &output)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        case .array(let elements) where !elements.isEmpty:
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                write(element, indent: inner, to: &output)
                output += index == elements.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        default:
            output += value.encodedString
        }
    }

    /// The badge class of an HTTP status.
    static func statusKind(_ status: Int) -> String {
        status < 400 ? "ok" : status < 500 ? "warn" : "bad"
    }
}
