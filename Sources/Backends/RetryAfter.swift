import Foundation

/// Reads an HTTP `Retry-After` header: a number of seconds or an HTTP date (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// The longest delay honoured; a larger value (or a hostile one such as `1e16`) is capped.
    public static let maximum = Duration.seconds(3600)

    /// The delay the header asks for, capped at ``maximum``, or nil when it is absent or unreadable.
    public static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite {
            return .milliseconds(Int64(min(seconds, 3600) * 1000))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(min(max(0, date.timeIntervalSince(now)), 3600) * 1000))
    }
}
