/// A decoded JSON value, for the parts of the gateway that must read and build whole documents
/// (tool arguments, tool results, the messages of a tool-calling loop).
///
/// Numbers keep their literal text, so `12.345678901234567890` survives a round trip exactly
/// and can be read as a `Decimal`. Objects are dictionaries; ``encoded`` writes their keys in
/// sorted order, which makes the encoding canonical (used for digests).
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    /// A number as its JSON literal, e.g. `-1.5e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses one JSON document.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        let kind = try JSONObjectScanner.validate(bytes)
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return try decode(bytes, start..<end, kind: kind)
    }

    /// Parses one JSON document from bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(JSONSyntaxError) in try parse(buffer) } }
        return try result.get()
    }

    /// Parses one JSON document from text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Decodes the already validated value of `kind` at `range`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, kind: JSONValueKind) throws(JSONSyntaxError) -> JSONValue {
        switch kind {
        case .null: return .null
        case .bool: return .bool(JSONObjectScanner.decodeBool(bytes, at: range) ?? false)
        case .number: return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        case .string: return .string(try JSONObjectScanner.decodeString(bytes, at: range))
        case .array:
            var elements: [JSONValue] = []
            for element in try JSONObjectScanner.scanArray(bytes, in: range) {
                elements.append(try decode(bytes, element.range, kind: element.kind))
            }
            return .array(elements)
        case .object:
            var members: [String: JSONValue] = [:]
            for member in try JSONObjectScanner.scanObject(bytes, in: range).members {
                members[member.key] = try decode(bytes, member.valueRange, kind: member.kind)
            }
            return .object(members)
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The value as compact JSON with object keys in sorted order.
    public var encoded: [UInt8] {
        var output: [UInt8] = []
        encode(into: &output)
        return output
    }

    /// The value as compact JSON text with object keys in sorted order.
    public var encodedString: String {
        String(decoding: encoded, as: UTF8.self)
    }

    /// Appends the compact, key-sorted encoding to `output`.
    public func encode(into output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let literal): output.append(contentsOf: literal.utf8)
        case .string(let text): JSONStringLiteral.append(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.encode(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONStringLiteral.append(key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.encode(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The member `key` of an object; nil for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The members of an object value.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array value.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The value of a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// An integer value (a number literal without fraction or exponent that fits `Int`).
    public var intValue: Int? {
        if case .number(let literal) = self { return Int(literal) }
        return nil
    }

    /// A number from an integer.
    public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// The JSON type name, as JSON Schema spells it (`integer` for whole numbers).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let literal): Int(literal) != nil ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
