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

    /// Adds `key` with `microseconds` as milliseconds with three decimals (`"12.345"`), written
    /// in place.
    public mutating func add(_ key: StaticString, millisecondsOf microseconds: Int64) {
        appendKey(key)
        members.append(UInt8(ascii: "\""))
        Self.appendMilliseconds(microseconds: microseconds, to: &members)
        members.append(UInt8(ascii: "\""))
    }

    /// Adds `key` with `value` in decimal, as a string (`"200"`), written in place.
    public mutating func add(_ key: StaticString, decimal value: Int) {
        appendKey(key)
        members.append(UInt8(ascii: "\""))
        Self.appendDigits(of: value.magnitude, minimumCount: 1, negative: value < 0, to: &members)
        members.append(UInt8(ascii: "\""))
    }

    /// Appends `microseconds` as milliseconds with three decimals (`12.345`, `0.007`, `-1.500`).
    public static func appendMilliseconds(microseconds: Int64, to bytes: inout [UInt8]) {
        appendDigits(of: UInt(microseconds.magnitude), minimumCount: 4, pointBefore: 3, negative: microseconds < 0, to: &bytes)
    }

    /// Appends `value`'s decimal digits, at least `minimumCount` of them (zeros in front), with a
    /// point before the last `pointBefore` when given, and a minus sign when `negative`.
    private static func appendDigits(of value: UInt, minimumCount: Int, pointBefore: Int? = nil, negative: Bool, to bytes: inout [UInt8]) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var rest = value
        var written = 0
        repeat {
            if written == pointBefore { bytes.append(UInt8(ascii: ".")) }
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
            written += 1
        } while rest > 0 || written < minimumCount
        bytes[start...].reverse()
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
