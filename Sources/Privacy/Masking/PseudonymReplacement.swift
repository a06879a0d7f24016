/// Replaces the values a scan found in a text with their pseudonyms.
public enum PseudonymReplacement {
    /// One value to replace in a text.
    public struct Replacement: Sendable, Equatable {
        /// Where the value (or, for a value split across texts, this text's share of it) is, in UTF-8 bytes.
        public var utf8Range: Range<Int>
        /// The whole value, as the vault knows it.
        public var value: String
        /// Its type.
        public var type: EntityType
        /// Whether this share is removed rather than replaced: every share of a split value but
        /// the first, which carries the pseudonym.
        public var removes: Bool

        /// Creates a replacement.
        public init(utf8Range: Range<Int>, value: String, type: EntityType, removes: Bool = false) {
            self.utf8Range = utf8Range
            self.value = value
            self.type = type
            self.removes = removes
        }
    }

    /// `text` (UTF-8) with each of `entities` (found in it, in order) replaced by its pseudonym
    /// from `vault`. With `quoteOutsideJSONStrings`, the text is JSON and a value outside a string
    /// literal becomes a quoted pseudonym, so the JSON stays valid.
    public static func apply(_ entities: [DetectedEntity], to text: [UInt8], vault: inout PseudonymVault, quoteOutsideJSONStrings: Bool = false) -> [UInt8] {
        apply(entities.map { Replacement(utf8Range: $0.utf8Range, value: $0.text, type: $0.type) }, to: text, vault: &vault, quoteOutsideJSONStrings: quoteOutsideJSONStrings)
    }

    /// `text` (UTF-8) with each of `replacements` (in order) replaced by its pseudonym from
    /// `vault`, or removed; quoting as for ``apply(_:to:vault:quoteOutsideJSONStrings:)``.
    public static func apply(_ replacements: [Replacement], to text: [UInt8], vault: inout PseudonymVault, quoteOutsideJSONStrings: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 16 * replacements.count)
        var position = 0
        for replacement in replacements where replacement.utf8Range.lowerBound >= position {
            output += text[position..<replacement.utf8Range.lowerBound]
            position = replacement.utf8Range.upperBound
            if replacement.removes { continue }
            let pseudonym = vault.pseudonym(for: replacement.value, type: replacement.type)
            if quoteOutsideJSONStrings, !isInsideJSONString(text, at: replacement.utf8Range.lowerBound) {
                output += Array("\"\(pseudonym)\"".utf8)
            } else {
                output += Array(pseudonym.utf8)
            }
        }
        output += text[position...]
        return output
    }

    /// `text` with every value `scanner` finds in it replaced by its pseudonym from `vault`.
    public static func masked(_ text: String, scanner: PrivacyScanner, vault: inout PseudonymVault) -> String {
        let entities = scanner.scan(text).entities
        guard !entities.isEmpty else { return text }
        return String(decoding: apply(entities, to: Array(text.utf8), vault: &vault), as: UTF8.self)
    }

    /// Whether byte `offset` of the JSON text `bytes` falls inside a string literal.
    static func isInsideJSONString(_ bytes: [UInt8], at offset: Int) -> Bool {
        var inside = false
        var escaped = false
        for byte in bytes[..<offset] {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = inside
            } else if byte == UInt8(ascii: "\"") {
                inside.toggle()
            }
        }
        return inside
    }
}
