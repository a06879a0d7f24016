/// Context words looked for near a candidate value by a custom recognizer. (The built-in
/// recognizers' words are found in the scanner's automaton pass; see ``ContextVocabulary``.)
///
/// ASCII letters are compared without regard to case. An English word must stand alone (no
/// letter or digit right before or after it); a Chinese word may touch other characters.
struct ContextWords: Sendable {
    private struct Word: Sendable {
        let bytes: [UInt8]
        let isWordLike: Bool
    }

    /// Words by their first byte.
    private let byFirstByte: [[Word]]
    /// The longest word's length in bytes.
    private let longest: Int

    /// The words, as configured.
    init(_ words: [String]) {
        var buckets = [[Word]](repeating: [], count: 256)
        var longest = 0
        for word in words where !word.isEmpty {
            let bytes = Array(word.lowercased().utf8)
            let first = bytes[0]
            let last = bytes[bytes.count - 1]
            let wordLike = ScanText.isASCIIAlphanumeric(first) || ScanText.isASCIIAlphanumeric(last)
            buckets[Int(first)].append(Word(bytes: bytes, isWordLike: wordLike))
            longest = max(longest, bytes.count)
        }
        byFirstByte = buckets
        self.longest = longest
    }

    /// Whether there are no words.
    var isEmpty: Bool { longest == 0 }

    /// Whether any word ends within `range` of `text` (it may begin before the range).
    func occurs(in range: Range<Int>, of text: ScanText) -> Bool {
        let bytes = text.bytes
        for start in max(0, range.lowerBound - longest + 1)..<range.upperBound {
            var first = bytes[start]
            if first >= 0x41, first <= 0x5A { first |= 0x20 }
            for word in byFirstByte[Int(first)] where start + word.bytes.count <= range.upperBound && start + word.bytes.count > range.lowerBound {
                if matches(word, at: start, in: text) { return true }
            }
        }
        return false
    }

    private func matches(_ word: Word, at start: Int, in text: ScanText) -> Bool {
        let bytes = text.bytes
        for (offset, expected) in word.bytes.enumerated() {
            var byte = bytes[start + offset]
            if byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            if byte != expected { return false }
        }
        if word.isWordLike {
            if text.isAlphanumeric(endingBefore: start) || text.isAlphanumeric(startingAt: start + word.bytes.count) { return false }
        }
        return true
    }
}
