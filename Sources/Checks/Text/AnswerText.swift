/// A text as the checks read it: its Unicode scalars (offsets in reports count these), and a
/// folded copy for matching, where ASCII letters are lower case and full-width digits, letters,
/// percent signs and spaces are their ASCII forms. Folding never changes the count of scalars,
/// so an offset in one is the same offset in the other.
public struct AnswerText: Sendable {
    /// The scalars as written.
    public let scalars: [Unicode.Scalar]
    /// The folded scalars, one for each written scalar.
    public let folded: [Unicode.Scalar]

    /// Reads `text`.
    public init(_ text: String) {
        // One pass over the text for both copies (an upper bound of the count reserves room).
        var scalars: [Unicode.Scalar] = []
        var folded: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        folded.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            folded.append(Self.fold(scalar))
        }
        self.scalars = scalars
        self.folded = folded
    }

    /// The number of scalars.
    public var count: Int { scalars.count }

    /// The written text of `range`.
    public func text(_ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count * 3)
        for scalar in scalars[range] {
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the folded text at `offset` starts with `phrase` (already folded).
    public func hasPhrase(_ phrase: [Unicode.Scalar], at offset: Int) -> Bool {
        guard offset >= 0, offset + phrase.count <= folded.count else { return false }
        var index = 0
        while index < phrase.count {
            if folded[offset + index] != phrase[index] { return false }
            index += 1
        }
        return true
    }

    /// Whether the folded text ends, at `end`, with `phrase`.
    public func hasPhrase(_ phrase: [Unicode.Scalar], endingAt end: Int) -> Bool {
        hasPhrase(phrase, at: end - phrase.count)
    }

    /// The scalar's matching form.
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        switch value {
        case 0x41...0x5A: return Unicode.Scalar(value + 0x20)!
        case 0xFF10...0xFF19, 0xFF05, 0xFF0B, 0xFF0D, 0xFF0E:
            // Full-width digits and ％ ＋ － ．: the ASCII forms.
            return Unicode.Scalar(value - 0xFEE0)!
        case 0xFF21...0xFF3A: return Unicode.Scalar(value - 0xFEE0 + 0x20)!
        case 0xFF41...0xFF5A: return Unicode.Scalar(value - 0xFEE0)!
        case 0x3000: return " "
        case 0x2212: return "-"
        default: return scalar
        }
    }

    /// Folds a phrase as text is folded.
    public static func fold(_ phrase: String) -> [Unicode.Scalar] {
        phrase.unicodeScalars.map(fold)
    }
}

extension Unicode.Scalar {
    /// An ASCII digit.
    var isDigit: Bool { value >= 0x30 && value <= 0x39 }
    /// An ASCII letter (either case).
    var isASCIILetter: Bool { (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) }
    /// A CJK unified ideograph.
    var isHan: Bool { (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) }
    /// Spaces and line breaks.
    var isSpace: Bool { value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D || value == 0xA0 || value == 0x3000 }
    /// The digit's value.
    var digitValue: UInt64 { UInt64(value - 0x30) }
}
