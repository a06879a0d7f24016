/// The syntax of intent question patterns: literal text, whitespace (any amount, or none, in the
/// question) and `{slot}` placeholders named with letters, digits and `_`.
public enum IntentPatternSyntax {
    /// A part of a pattern.
    public enum Part: Sendable, Equatable {
        /// Text that must appear as written (case-insensitively).
        case literal(String)
        /// Optional whitespace.
        case space
        /// A named slot: one or more characters.
        case slot(String)
    }

    /// The parts of `pattern`; nil when it is malformed.
    public static func parts(of pattern: String) -> [Part]? {
        var parts: [Part] = []
        var literal = ""
        var index = pattern.startIndex
        func flush() {
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
        }
        while index < pattern.endIndex {
            let character = pattern[index]
            if character == "{" {
                guard let close = pattern[index...].firstIndex(of: "}") else { return nil }
                let name = String(pattern[pattern.index(after: index)..<close])
                guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }) else { return nil }
                flush()
                if case .slot = parts.last { return nil }
                parts.append(.slot(name))
                index = pattern.index(after: close)
                continue
            }
            if character == "}" { return nil }
            if character.isWhitespace {
                flush()
                if parts.last != .space { parts.append(.space) }
            } else {
                literal.append(character)
            }
            index = pattern.index(after: index)
        }
        flush()
        return parts.contains { if case .slot = $0 { true } else if case .literal = $0 { true } else { false } } ? parts : nil
    }

    /// What is wrong with `pattern`, or nil when it is well formed.
    public static func problem(in pattern: String) -> String? {
        parts(of: pattern) == nil
            ? "the pattern '\(pattern)' is not valid: use text and {slot} placeholders (letters, digits, _), never two slots side by side"
            : nil
    }
}
