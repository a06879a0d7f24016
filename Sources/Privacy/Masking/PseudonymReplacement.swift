/// Replaces the values a scan found in a text with their pseudonyms.
public enum PseudonymReplacement {
    /// `text` (UTF-8) with each of `entities` (found in it, in order) replaced by its pseudonym
    /// from `vault`. With `quoteOutsideJSONStrings`, the text is JSON and a value outside a string
    /// literal becomes a quoted pseudonym, so the JSON stays valid.
    public static func apply(_ entities: [DetectedEntity], to text: [UInt8], vault: inout PseudonymVault, quoteOutsideJSONStrings: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 16 * entities.count)
        var position = 0
        for entity in entities where entity.utf8Range.lowerBound >= position {
            output += text[position..<entity.utf8Range.lowerBound]
            let pseudonym = vault.pseudonym(for: entity.text, type: entity.type)
            if quoteOutsideJSONStrings, !isInsideJSONString(text, at: entity.utf8Range.lowerBound) {
                output += Array("\"\(pseudonym)\"".utf8)
            } else {
                output += Array(pseudonym.utf8)
            }
            position = entity.utf8Range.upperBound
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
