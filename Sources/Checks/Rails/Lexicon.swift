import Foundation

/// A set of phrases found in one pass over a text, each with a tag saying what it is for. A
/// phrase may have a gap, written `A…B` (or `A...B`): A, then B within a few scalars of the
/// same clause. Phrases that begin or end with an ASCII letter match whole words only; case
/// and full-width forms do not matter (see ``AnswerText``).
struct Lexicon<Tag: Sendable & Hashable>: Sendable {
    /// A match: the phrase's tag and where it is.
    struct Match: Sendable {
        var tag: Tag
        var start: Int
        var end: Int
    }

    private struct Phrase: Sendable {
        var head: [Unicode.Scalar]
        var tail: [Unicode.Scalar]?
        var tag: Tag
        var wordStart: Bool
        var wordEnd: Bool
    }

    /// The most scalars between the two parts of a gapped phrase.
    static var maximumGap: Int { 10 }

    private var phrases: [Phrase] = []
    /// Phrase indices by the first scalar of their head, beyond the basic plane.
    private var byFirst: [Unicode.Scalar: [Int]] = [:]
    /// For each scalar below U+10000, 1 + its index in `lists` (0: no phrase begins with it).
    private var firstIndex = [UInt16](repeating: 0, count: 0x10000)
    /// The phrase indices of each first scalar in the basic plane.
    private var lists: [[Int]] = []

    init() {}

    /// Adds `phrase` with `tag`.
    mutating func add(_ phrase: String, tag: Tag) {
        let parts = phrase.replacingOccurrences(of: "...", with: "…").split(separator: "…", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = parts.first else { return }
        let head = AnswerText.fold(String(first))
        guard let initial = head.first else { return }
        let tail = parts.count > 1 ? AnswerText.fold(String(parts[1])) : nil
        let last = (tail ?? head).last!
        phrases.append(Phrase(head: head, tail: tail, tag: tag, wordStart: initial.isASCIILetter, wordEnd: last.isASCIILetter))
        if initial.value < 0x10000, firstIndex[Int(initial.value)] != 0 || lists.count < Int(UInt16.max) {
            let slot = Int(initial.value)
            if firstIndex[slot] == 0 {
                lists.append([])
                firstIndex[slot] = UInt16(lists.count)
            }
            lists[Int(firstIndex[slot]) - 1].append(phrases.count - 1)
        } else {
            byFirst[initial, default: []].append(phrases.count - 1)
        }
    }

    /// Adds each of `phrases` with `tag`.
    mutating func add(_ phrases: [String], tag: Tag) {
        for phrase in phrases { add(phrase, tag: tag) }
    }

    /// Every match in `text`, in order of start (a phrase inside another still matches).
    func matches(in text: AnswerText) -> [Match] {
        var found: [Match] = []
        let folded = text.folded
        var index = 0
        while index < folded.count {
            let scalar = folded[index]
            let candidates: [Int]?
            if scalar.value < 0x10000 {
                let slot = firstIndex[Int(scalar.value)]
                candidates = slot != 0 ? lists[Int(slot) - 1] : (byFirst.isEmpty ? nil : byFirst[scalar])
            } else {
                candidates = byFirst[scalar]
            }
            if let candidates {
                for candidate in candidates {
                    let phrase = phrases[candidate]
                    guard text.hasPhrase(phrase.head, at: index) else { continue }
                    if phrase.wordStart, index > 0, Self.isWord(folded[index - 1]) { continue }
                    var end = index + phrase.head.count
                    if let tail = phrase.tail {
                        guard let tailEnd = Self.find(tail, in: text, from: end) else { continue }
                        end = tailEnd
                    }
                    if phrase.wordEnd, end < folded.count, Self.isWord(folded[end]) { continue }
                    found.append(Match(tag: phrase.tag, start: index, end: end))
                }
            }
            index += 1
        }
        return found
    }

    /// Where `tail` ends when it starts within ``maximumGap`` scalars of `from`, in the same clause.
    private static func find(_ tail: [Unicode.Scalar], in text: AnswerText, from: Int) -> Int? {
        var start = from
        while start <= from + maximumGap, start < text.count {
            if text.hasPhrase(tail, at: start) {
                if tail.first!.isASCIILetter, start > 0, isWord(text.folded[start - 1]) {
                    start += 1
                    continue
                }
                return start + tail.count
            }
            if Clauses.isClauseBoundary(text, at: start) { return nil }
            start += 1
        }
        return nil
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIILetter || scalar.isDigit || scalar == "'" || scalar == "’"
    }
}
