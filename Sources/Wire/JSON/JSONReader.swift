#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cursor over JSON bytes that validates as it moves; the engine behind ``JSONObjectScanner``.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int
    /// Set for a document that was validated before: strings are skipped without checking
    /// their escapes and UTF-8 again.
    var trusted = false

    var peek: UInt8? {
        position < end ? bytes[position] : nil
    }

    func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, offset: position, in: bytes)
    }

    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Reads an object starting at `{`, recording its members; leaves the cursor after `}`.
    mutating func readObjectMembers(depth: Int) throws(JSONSyntaxError) -> JSONObjectScan {
        let start = position
        var members: [JSONObjectScan.Member] = []
        // Room for a typical API object's members (a chat chunk has eight), grown once at most.
        members.reserveCapacity(8)
        try visitObjectMembers(depth: depth) { key, keyRange, valueRange, kind in
            members.append(.init(key: String(decoding: key, as: UTF8.self), keyRange: keyRange, valueRange: valueRange, kind: kind))
        }
        return JSONObjectScan(members: members, objectRange: start..<position)
    }

    /// Reads an object starting at `{`, validating it, and hands each member to `visit`: its
    /// decoded key as UTF-8 (the literal's own bytes unless it holds escapes), the key literal's
    /// range, the value's range and kind. Leaves the cursor after `}`.
    mutating func visitObjectMembers(
        depth: Int, _ visit: (_ key: UnsafeRawBufferPointer, _ keyRange: Range<Int>, _ valueRange: Range<Int>, _ kind: JSONValueKind) -> Void
    ) throws(JSONSyntaxError) {
        position += 1  // {
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                throw error("expected a string key in the object")
            }
            let keyStart = position
            try skipString()
            let keyRange = keyStart..<position
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw error("expected ':' after the object key \"\(try key(at: keyRange))\"")
            }
            position += 1
            skipWhitespace()
            let valueStart = position
            let kind = try skipValue(depth: depth)
            let valueRange = valueStart..<position
            let literal = UnsafeRawBufferPointer(rebasing: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)])
            if !Self.holdsEscape(literal) {
                visit(literal, keyRange, valueRange, kind)
            } else {
                var decoded = try key(at: keyRange)
                decoded.withUTF8 { visit(UnsafeRawBufferPointer($0), keyRange, valueRange, kind) }
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return
            default:
                throw error("expected ',' or '}' after the value of \"\(try key(at: keyRange))\"")
            }
        }
    }

    /// Whether the inside of a string literal (without its quotes) holds an escape, so that its
    /// text differs from its bytes.
    static func holdsEscape(_ inside: UnsafeRawBufferPointer) -> Bool {
        !inside.isEmpty && memchr(inside.baseAddress!, Int32(UInt8(ascii: "\\")), inside.count) != nil
    }

    /// The decoded key whose literal (quotes included) occupies `range`.
    private func key(at range: Range<Int>) throws(JSONSyntaxError) -> String {
        var reader = JSONReader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        reader.trusted = true
        return try reader.readString()
    }

    /// Skips over one value of any kind, validating it; returns its kind.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) -> JSONValueKind {
        guard let byte = peek else { throw error("unexpected end of JSON; expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            try checkDepth(depth + 1)
            try skipContainer(close: UInt8(ascii: "}"), isObject: true, depth: depth + 1)
            return .object
        case UInt8(ascii: "["):
            try checkDepth(depth + 1)
            try skipContainer(close: UInt8(ascii: "]"), isObject: false, depth: depth + 1)
            return .array
        case UInt8(ascii: "\""):
            try skipString()
            return .string
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
            return .number
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'; expected a value")
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        if depth > JSONObjectScanner.maximumDepth {
            throw error("JSON nested deeper than \(JSONObjectScanner.maximumDepth) levels")
        }
    }

    private mutating func skipContainer(close: UInt8, isObject: Bool, depth: Int) throws(JSONSyntaxError) {
        position += 1
        skipWhitespace()
        if peek == close {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            if isObject {
                guard peek == UInt8(ascii: "\"") else { throw error("expected a string key in the object") }
                try skipString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
                position += 1
                skipWhitespace()
            }
            _ = try skipValue(depth: depth)
            skipWhitespace()
            guard let next = peek else {
                throw error(isObject ? "unexpected end of JSON inside an object" : "unexpected end of JSON inside an array")
            }
            if next == UInt8(ascii: ",") {
                position += 1
            } else if next == close {
                position += 1
                return
            } else {
                throw error(isObject ? "expected ',' or '}' in the object" : "expected ',' or ']' in the array")
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard end - position >= count else { throw error("invalid literal; expected \(literal)") }
        let matches = literal.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[position + offset] != expected[offset] {
                return false
            }
            return true
        }
        guard matches else { throw error("invalid literal; expected \(literal)") }
        position += count
    }

    private mutating func skipNumber() throws(JSONSyntaxError) {
        if peek == UInt8(ascii: "-") { position += 1 }
        guard let first = peek, isDigit(first) else { throw error("invalid number: expected a digit") }
        position += 1
        if first != UInt8(ascii: "0") {
            while let byte = peek, isDigit(byte) { position += 1 }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard let byte = peek, isDigit(byte) else { throw error("invalid number: expected a digit after '.'") }
            while let byte = peek, isDigit(byte) { position += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek, isDigit(byte) else { throw error("invalid number: expected a digit in the exponent") }
            while let byte = peek, isDigit(byte) { position += 1 }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Skips a string literal, validating escapes and UTF-8 (unless the document is trusted).
    mutating func skipString() throws(JSONSyntaxError) {
        if trusted {
            // The next quote not escaped by an odd run of backslashes before it.
            var search = position + 1
            while search < end, let found = memchr(bytes.baseAddress! + search, Int32(UInt8(ascii: "\"")), end - search) {
                let quote = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
                var backslashes = 0
                while quote - backslashes - 1 > position, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
                if backslashes % 2 == 0 {
                    position = quote + 1
                    return
                }
                search = quote + 1
            }
            position = end
            throw error("unterminated string")
        }
        position += 1  // opening quote
        while position < end {
            // Eight bytes at a time while none of them needs a look: printable ASCII other than
            // the quote and the backslash (ids, names, English text).
            while end - position >= 8, Self.isPlainASCII(bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)) {
                position += 8
            }
            guard position < end else { break }
            let byte = bytes[position]
            // The common bytes first: printable ASCII, and the three-byte sequences whose lead
            // byte allows any continuation (most CJK text); everything else is checked below.
            if byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            if byte >= 0xE1, byte <= 0xEF, byte != 0xED, end - position >= 3,
               bytes[position + 1] & 0xC0 == 0x80, bytes[position + 2] & 0xC0 == 0x80 {
                position += 3
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"):
                position += 1
                guard let escaped = peek else { break }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    _ = try readHex4()
                default:
                    throw error("invalid escape sequence in a string")
                }
            case 0..<0x20:
                throw error("unescaped control character in a string")
            case 0x80...:
                try skipUTF8Sequence()
            default:
                position += 1
            }
        }
        throw error("unterminated string")
    }

    /// Whether all eight bytes of `word` are printable ASCII other than `"` and `\\`.
    @inline(__always)
    private static func isPlainASCII(_ word: UInt64) -> Bool {
        !ByteWords.containsNonASCII(word) && !ByteWords.containsASCII(below: 0x20, in: word)
            && !ByteWords.contains(UInt8(ascii: "\""), in: word) && !ByteWords.contains(UInt8(ascii: "\\"), in: word)
    }

    /// Reads and decodes a string literal at the cursor.
    mutating func readString() throws(JSONSyntaxError) -> String {
        let start = position + 1
        try skipString()
        let literal = UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)])
        if !Self.holdsEscape(literal) {
            return String(decoding: literal, as: UTF8.self)
        }
        var decoded = String.UnicodeScalarView()
        var reader = JSONReader(bytes: bytes, position: start, end: position - 1)
        var runStart = start
        while reader.position < reader.end {
            guard bytes[reader.position] == UInt8(ascii: "\\") else {
                reader.position += 1
                continue
            }
            decoded.append(contentsOf: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[runStart..<reader.position]), as: UTF8.self).unicodeScalars)
            reader.position += 1
            let escaped = bytes[reader.position]
            reader.position += 1
            switch escaped {
            case UInt8(ascii: "b"): decoded.append("\u{08}")
            case UInt8(ascii: "f"): decoded.append("\u{0C}")
            case UInt8(ascii: "n"): decoded.append("\n")
            case UInt8(ascii: "r"): decoded.append("\r")
            case UInt8(ascii: "t"): decoded.append("\t")
            case UInt8(ascii: "u"):
                let unit = try reader.readHex4()
                if (0xD800...0xDBFF).contains(unit),
                   reader.end - reader.position >= 6,
                   bytes[reader.position] == UInt8(ascii: "\\"),
                   bytes[reader.position + 1] == UInt8(ascii: "u") {
                    let saved = reader.position
                    reader.position += 2
                    let low = try reader.readHex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        decoded.append(Unicode.Scalar(scalar) ?? "\u{FFFD}")
                    } else {
                        decoded.append("\u{FFFD}")
                        reader.position = saved
                    }
                } else {
                    decoded.append(Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}")
                }
            default: decoded.append(Unicode.Scalar(escaped))
            }
            runStart = reader.position
        }
        decoded.append(contentsOf: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[runStart..<reader.position]), as: UTF8.self).unicodeScalars)
        return String(decoded)
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt16 {
        guard end - position >= 4 else { throw error("invalid \\u escape: expected four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates).
    private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[position]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: throw error("invalid UTF-8 in a string")
        }
        guard end - position >= length else { throw error("invalid UTF-8 in a string") }
        for offset in 1..<length {
            let continuation = bytes[position + offset]
            guard continuation & 0xC0 == 0x80 else { throw error("invalid UTF-8 in a string") }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw error("invalid UTF-8 in a string")
        }
        position += length
    }
}
