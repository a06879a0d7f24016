import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (as HTML forms post them).
struct FormBody: Sendable, Equatable {
    /// Each field's values, in order.
    private(set) var fields: [String: [String]] = [:]

    /// Parses `text`: `a=1&b=x+y%21`; a field without `=` has the empty value.
    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
    }

    /// Each field's first value.
    var firstValues: [String: String] { fields.compactMapValues(\.first) }

    /// The first value of `name`, nil when absent.
    subscript(_ name: String) -> String? { fields[name]?.first }

    /// The first value of `name` trimmed of spaces, nil when absent or blank.
    func trimmed(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
