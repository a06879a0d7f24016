/// Validation of the W3C `traceparent` header (Trace Context, level 1): only a well-formed
/// value is passed on to backends.
enum TraceContext {
    /// The header if it has the form `00-<32 hex>-<16 hex>-<2 hex>` with non-zero ids.
    static func validTraceparent(_ value: String?) -> String? {
        guard let value else { return nil }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isHexDigit) }),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" })
        else { return nil }
        return value.lowercased()
    }
}
