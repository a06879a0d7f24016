import Foundation
import Wire

/// Exact arithmetic on JSON number literals for the schema validator: parsing as `Decimal`
/// (never `Double`), wholeness, and JSON equality of values.
enum SchemaNumber {
    /// The literal as a `Decimal`; nil when it is outside the range `Decimal` holds (about 1e-128…1e165).
    static func decimal(_ literal: String) -> Decimal? {
        guard let value = Decimal(string: literal), !value.isNaN else { return nil }
        return value
    }

    /// Whether the JSON number literal denotes a whole number (`1`, `1.0`, `1e2`, `100e-2`; not `1.5`).
    /// Decided on the digits themselves, so it is exact for literals of any length or exponent.
    static func isWhole(_ literal: String) -> Bool {
        var bytes = Array(literal.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var significand: [UInt8] = []
        var fractionDigits = 0
        var inFraction = false
        var exponent = 0
        while let byte = bytes.first {
            if isDigit(byte) {
                significand.append(byte)
                if inFraction { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard !significand.isEmpty else { return false }
        if let marker = bytes.first {
            guard marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") else { return false }
            bytes = bytes.dropFirst()
            var negative = false
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
                negative = bytes.first == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return false }
            for byte in bytes {
                exponent = min(exponent * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000_000)
            }
            if negative { exponent = -exponent }
        }
        // value = significand × 10^(exponent − fractionDigits); trailing zeros raise the power.
        var power = exponent - fractionDigits
        while let last = significand.last, last == UInt8(ascii: "0") {
            significand.removeLast()
            power += 1
        }
        return significand.isEmpty || power >= 0
    }

    /// JSON equality, as `enum` and `const` use it: numbers compare by value (`1` equals `1.0`),
    /// arrays element by element, objects member by member.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let left), .number(let right)):
            if left == right { return true }
            guard let leftValue = decimal(left), let rightValue = decimal(right) else { return false }
            return leftValue == rightValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            return left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
