import Foundation

/// Dictionary entries (names, client ids) and keywords, found together in one pass.
///
/// An entry that begins or ends with an ASCII letter or digit must stand alone (no letter or
/// digit touching it), so `Lee` is not found in `Leeds`; Chinese entries match anywhere.
final class PhraseIndex: Sendable {
    /// What a phrase means when found.
    enum Meaning: Sendable, Equatable {
        /// A sensitive value of this type.
        case entity(EntityType)
        /// A keyword of this category, which sets the text's level to at least `level`.
        case keyword(category: String, level: DataLevel)
        /// A context word the recognizers consult.
        case context(ContextVocabulary.Kind)
    }

    /// One phrase found.
    struct Hit {
        var meaning: Meaning
        var range: Range<Int>
    }

    private let automaton: AhoCorasick
    private let meanings: [Meaning]
    private let needsBoundary: [Bool]

    /// An index of `phrases`.
    init(_ phrases: [(text: String, meaning: Meaning)]) {
        let kept = phrases.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        automaton = AhoCorasick(patterns: kept.map(\.text))
        meanings = kept.map(\.meaning)
        needsBoundary = kept.map { phrase in
            let bytes = Array(phrase.text.utf8)
            return [bytes.first!, bytes.last!].contains { ScanText.isASCIIAlphanumeric($0) }
        }
    }

    /// Calls `body` with every phrase in `text`, in order of where they end.
    func forEachHit(in text: ScanText, _ body: (Hit) -> Void) {
        // Only the bytes are captured: capturing the whole text would copy its every array.
        let bytes = text.bytes
        automaton.forEachMatch(in: bytes) { match in
            if needsBoundary[match.pattern],
               ScanText.isAlphanumeric(bytes, endingBefore: match.range.lowerBound) || ScanText.isAlphanumeric(bytes, startingAt: match.range.upperBound) {
                return
            }
            body(Hit(meaning: meanings[match.pattern], range: match.range))
        }
    }
}
