/// A log line's fields written as JSON object members ahead of time (`"key":"value",…`), for a
/// line written on every request: a JSON log handler copies the members into its line as they
/// are, with no dictionary to fill and sort, and any other handler shows them as one JSON object.
///
/// Pass it as the one metadata value under ``metadataKey``. Its members keep the order they were
/// added in; add them in key order, each key once.
public struct JSONLogFields: Sendable, CustomStringConvertible {
    /// The metadata key a JSON log handler looks for.
    public static let metadataKey = "fields"

    /// The members, comma-separated, without braces.
    public private(set) var members: [UInt8] = []

    /// Empty fields, with room for `capacity` bytes of members.
    public init(capacity: Int = 512) {
        members.reserveCapacity(capacity)
    }

    /// Adds `key` with the string `value`.
    public mutating func add(_ key: StaticString, _ value: String) {
        appendKey(key)
        JSONStringLiteral.append(value, to: &members)
    }

    /// Adds `key` with an array of strings.
    public mutating func add(_ key: StaticString, _ values: [String]) {
        appendKey(key)
        members.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { members.append(UInt8(ascii: ",")) }
            JSONStringLiteral.append(value, to: &members)
        }
        members.append(UInt8(ascii: "]"))
    }

    /// Adds `key` with a string made of `digits`, which must be printable ASCII without quotes
    /// or backslashes (a number formatted by the caller).
    public mutating func add(_ key: StaticString, digits: some Collection<UInt8>) {
        appendKey(key)
        members.append(UInt8(ascii: "\""))
        members.append(contentsOf: digits)
        members.append(UInt8(ascii: "\""))
    }

    /// The fields as one JSON object.
    public var description: String {
        String(decoding: [UInt8(ascii: "{")] + members + [UInt8(ascii: "}")], as: UTF8.self)
    }

    private mutating func appendKey(_ key: StaticString) {
        if !members.isEmpty { members.append(UInt8(ascii: ",")) }
        members.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { members.append(contentsOf: $0) }
        members.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }
}
