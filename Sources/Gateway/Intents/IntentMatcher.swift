import Config

/// Matches a question against intent patterns: literal text case-insensitively, whitespace in a
/// pattern as any amount (or none) of whitespace, and each `{slot}` as the shortest non-empty
/// text that lets the rest match. Trailing punctuation and whitespace in the question are ignored.
struct IntentMatcher: Sendable {
    /// One compiled pattern of an intent.
    struct Pattern: Sendable {
        let intent: Int
        let parts: [IntentPatternSyntax.Part]
    }

    private let patterns: [Pattern]

    /// Compiles the patterns of `intents`, in order (malformed patterns were refused by the configuration).
    init(_ intents: [IntentConfig]) {
        patterns = intents.enumerated().flatMap { index, intent in
            intent.patterns.compactMap { IntentPatternSyntax.parts(of: $0).map { Pattern(intent: index, parts: $0) } }
        }
    }

    /// Every intent whose pattern matches `question`, in order, with its slot values.
    func matches(_ question: String) -> [(intent: Int, slots: [String: String])] {
        let trimmed = Array(question.lowercased().reversed().drop { $0.isWhitespace || "？?。！!.，,".contains($0) }.reversed())
        let original = Array(question.reversed().drop { $0.isWhitespace || "？?。！!.，,".contains($0) }.reversed())
        guard trimmed.count == original.count else { return [] }
        let leading = trimmed.prefix { $0.isWhitespace }.count
        var found: [(Int, [String: String])] = []
        for pattern in patterns {
            var slots: [String: String] = [:]
            if Self.match(pattern.parts[...], trimmed, from: leading, original: original, slots: &slots) {
                found.append((pattern.intent, slots))
            }
        }
        return found
    }

    private static func match(_ parts: ArraySlice<IntentPatternSyntax.Part>, _ text: [Character], from start: Int, original: [Character], slots: inout [String: String]) -> Bool {
        guard let part = parts.first else { return start == text.count }
        let rest = parts.dropFirst()
        switch part {
        case .space:
            var index = start
            while index < text.count, text[index].isWhitespace { index += 1 }
            return match(rest, text, from: index, original: original, slots: &slots)
        case .literal(let literal):
            let characters = Array(literal.lowercased())
            guard start + characters.count <= text.count, Array(text[start..<(start + characters.count)]) == characters else { return false }
            return match(rest, text, from: start + characters.count, original: original, slots: &slots)
        case .slot(let name):
            var end = start + 1
            while end <= text.count {
                let value = String(original[start..<end]).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty {
                    var attempt = slots
                    attempt[name] = value
                    if match(rest, text, from: end, original: original, slots: &attempt) {
                        slots = attempt
                        return true
                    }
                }
                end += 1
            }
            return false
        }
    }
}
