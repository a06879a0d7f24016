#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Validates JSON and locates the members of an object without building a tree.
///
/// The scanner checks the whole document against RFC 8259 (including UTF-8 validity and a
/// nesting limit of ``maximumDepth``) but only records the top-level members of the object it
/// is asked about, as byte ranges. This lets the gateway read `model` and `stream` from a
/// request and forward the rest as the bytes it arrived as.
///
/// ```swift
/// let scan = try body.withUnsafeReadableBytes { try JSONObjectScanner.scanDocument($0) }
/// let model = scan.member("model")
/// ```
///
/// - Complexity: O(n) in the size of the document; allocations only for the member list
///   and decoded keys.
public enum JSONObjectScanner {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 256

    /// Scans a document that must consist of one JSON object, optionally surrounded by whitespace.
    public static func scanDocument(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONObjectScan {
        var reader = try openObject(bytes, trusted: false)
        let scan = try reader.readObjectMembers(depth: 1)
        try closeDocument(&reader)
        return scan
    }

    /// Scans a document that is one JSON object and was already validated (by
    /// ``scanDocument(_:)``), without checking strings again.
    public static func scanValidatedDocument(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONObjectScan {
        var reader = try openObject(bytes, trusted: true)
        return try reader.readObjectMembers(depth: 1)
    }

    /// Checks a document as ``scanDocument(_:)`` does (or, when `validated`, reads it as
    /// ``scanValidatedDocument(_:)`` does) and hands each top-level member of its object to
    /// `visit` in document order, without making a member list: the key's decoded UTF-8 (the
    /// literal's own bytes unless it holds escapes), and the value's byte range and kind. For a
    /// caller that wants a few members of many small objects, such as the events of a stream.
    public static func visitMembers(
        _ bytes: UnsafeRawBufferPointer, validated: Bool, _ visit: (_ key: UnsafeRawBufferPointer, _ valueRange: Range<Int>, _ kind: JSONValueKind) -> Void
    ) throws(JSONSyntaxError) {
        var reader = try openObject(bytes, trusted: validated)
        try reader.visitObjectMembers(depth: 1) { key, _, valueRange, kind in visit(key, valueRange, kind) }
        if !validated { try closeDocument(&reader) }
    }

    /// A reader at the `{` that opens the document's object, after any whitespace.
    private static func openObject(_ bytes: UnsafeRawBufferPointer, trusted: Bool) throws(JSONSyntaxError) -> JSONReader {
        var reader = JSONReader(bytes: bytes, position: 0, end: bytes.count)
        reader.trusted = trusted
        reader.skipWhitespace()
        guard reader.position < reader.end else {
            throw reader.error("the body is empty; expected a JSON object")
        }
        guard reader.peek == UInt8(ascii: "{") else {
            throw reader.error("expected a JSON object")
        }
        return reader
    }

    /// Checks that nothing but whitespace follows the document's value.
    private static func closeDocument(_ reader: inout JSONReader) throws(JSONSyntaxError) {
        reader.skipWhitespace()
        guard reader.position == reader.end else {
            throw reader.error("unexpected data after the JSON object")
        }
    }

    /// Scans the object value occupying `range` of a document that was already validated.
    public static func scanObject(_ bytes: UnsafeRawBufferPointer, in range: Range<Int>) throws(JSONSyntaxError) -> JSONObjectScan {
        var reader = JSONReader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        reader.trusted = true
        guard reader.peek == UInt8(ascii: "{") else {
            throw reader.error("expected a JSON object")
        }
        return try reader.readObjectMembers(depth: 1)
    }

    /// The elements of the array value occupying `range` of a document that was already validated.
    public static func scanArray(_ bytes: UnsafeRawBufferPointer, in range: Range<Int>) throws(JSONSyntaxError) -> [(range: Range<Int>, kind: JSONValueKind)] {
        var reader = JSONReader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        reader.trusted = true
        guard reader.peek == UInt8(ascii: "[") else {
            throw reader.error("expected a JSON array")
        }
        reader.position += 1
        var elements: [(range: Range<Int>, kind: JSONValueKind)] = []
        reader.skipWhitespace()
        if reader.peek == UInt8(ascii: "]") { return elements }
        while true {
            reader.skipWhitespace()
            let start = reader.position
            let kind = try reader.skipValue(depth: 1)
            elements.append((start..<reader.position, kind))
            reader.skipWhitespace()
            switch reader.peek {
            case UInt8(ascii: ","): reader.position += 1
            case UInt8(ascii: "]"): return elements
            default: throw reader.error("expected ',' or ']' in the array")
            }
        }
    }

    /// Checks that `bytes` hold exactly one JSON value and says what kind it is.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValueKind {
        var reader = JSONReader(bytes: bytes, position: 0, end: bytes.count)
        reader.skipWhitespace()
        let kind = try reader.skipValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == reader.end else {
            throw reader.error("unexpected data after the JSON value")
        }
        return kind
    }

    /// Whether `bytes` hold exactly one valid JSON object (checked as ``scanDocument(_:)`` checks
    /// it, without recording its members).
    public static func isObjectDocument(_ bytes: UnsafeRawBufferPointer) -> Bool {
        (try? validate(bytes)) == .object
    }

    /// Decodes the string literal at `range` (quotes included) into a Swift string.
    public static func decodeString(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) throws(JSONSyntaxError) -> String {
        var reader = JSONReader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        reader.trusted = true
        return try reader.readString()
    }

    /// Appends the decoded UTF-8 text of the string literal at `range` (quotes included) to
    /// `output`; returns whether the literal held escapes (so its text differs from its bytes).
    @discardableResult
    public static func appendDecodedString(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>, to output: inout [UInt8]) throws(JSONSyntaxError) -> Bool {
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        guard JSONReader.holdsEscape(inner) else {
            output.append(contentsOf: inner)
            return false
        }
        output.append(contentsOf: try decodeString(bytes, at: range).utf8)
        return true
    }

    /// Reads the literal `true` or `false` at `range`; nil for anything else.
    public static func decodeBool(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) -> Bool? {
        guard let first = range.first, first < bytes.count else { return nil }
        switch bytes[first] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: return nil
        }
    }

    /// Reads a non-negative or negative integer at `range`; nil for fractions, exponents or overflow.
    public static func decodeInteger(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) -> Int? {
        var value = 0
        var negative = false
        var index = range.lowerBound
        if index < range.upperBound, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < range.upperBound else { return nil }
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }
}
