/// The token of an `Authorization: Bearer <token>` header.
public enum BearerToken {
    /// The token in `header`, or nil when the header is absent or not of the form `Bearer <token>`
    /// (the scheme in any case, spaces and tabs around the token ignored). Read from the UTF-8
    /// bytes: every request pays for it.
    public static func parse(_ header: String?) -> String? {
        guard var rest = header?.utf8[...] else { return nil }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while let first = rest.first, isBlank(first) { rest = rest.dropFirst() }
        let scheme = rest.prefix(6)
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        rest = rest.dropFirst(6)
        guard let separator = rest.first, isBlank(separator) else { return nil }
        while let first = rest.first, isBlank(first) { rest = rest.dropFirst() }
        while let last = rest.last, isBlank(last) { rest = rest.dropLast() }
        guard !rest.isEmpty else { return nil }
        return String(Substring(rest))
    }
}
