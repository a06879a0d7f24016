import Foundation

/// The token of an `Authorization: Bearer <token>` header.
public enum BearerToken {
    /// The token in `header`, or nil when the header is absent or not of the form `Bearer <token>`
    /// (the scheme in any case, surrounding spaces ignored).
    public static func parse(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
