import Foundation

/// Times in the audit trail, which are Unix epoch milliseconds; and reading the times accepted
/// by `audit export --from/--to` and `/admin/audit?from=&to=`:
/// Unix epoch milliseconds, an ISO 8601 date (`2026-11-28`, midnight UTC) or date-time
/// (`2026-11-28T09:30:00Z`, `2026-11-28T17:30:00+08:00`).
public enum AuditTime {
    /// `date` in Unix epoch milliseconds, the unit of every time in the trail.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// Now, in Unix epoch milliseconds.
    public static var now: Int64 { milliseconds(Date()) }

    /// Epoch milliseconds for `text`, or nil when it is none of the accepted forms.
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isNumber) { return Int64(trimmed) }
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        for formatter in [full, fractional, dateOnly] {
            if let date = formatter.date(from: trimmed) {
                return milliseconds(date)
            }
        }
        return nil
    }
}
