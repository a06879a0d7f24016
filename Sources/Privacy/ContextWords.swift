/// Context words (Chinese or English), in one or more groups, looked for near a candidate value.
///
/// ASCII letters are compared without regard to case. An English word must stand alone (no
/// letter or digit right before or after it); a Chinese word may touch other characters.
struct ContextWords: Sendable {
    private struct Word: Sendable {
        let bytes: [UInt8]
        let group: Int
        let isWordLike: Bool
    }

    private let words: [Word]
    /// Words by their last byte, for ``wordEnding(at:in:)``.
    private let byLastByte: [[Word]]
    /// Words by their first byte, for ``occurs(in:of:)``.
    private let byFirstByte: [[Word]]
    /// The longest word's length in bytes.
    private let longest: Int

    /// One group of words.
    init(_ words: [String]) {
        self.init(groups: [words])
    }

    /// Several groups; ``wordEnding(at:in:)`` says which group matched.
    init(groups: [[String]]) {
        var words: [Word] = []
        for (group, list) in groups.enumerated() {
            for word in list where !word.isEmpty {
                let bytes = Array(word.lowercased().utf8)
                let first = bytes[0]
                let last = bytes[bytes.count - 1]
                let wordLike = (first < 0x80 && ScanText.asciiAlphanumeric[Int(first)]) || (last < 0x80 && ScanText.asciiAlphanumeric[Int(last)])
                words.append(Word(bytes: bytes, group: group, isWordLike: wordLike))
            }
        }
        // Longer words first, so 交易密码 wins over 密码.
        words.sort { $0.bytes.count > $1.bytes.count }
        self.words = words
        var buckets = [[Word]](repeating: [], count: 256)
        for word in words { buckets[Int(word.bytes[word.bytes.count - 1])].append(word) }
        byLastByte = buckets
        var firsts = [[Word]](repeating: [], count: 256)
        for word in words { firsts[Int(word.bytes[0])].append(word) }
        byFirstByte = firsts
        longest = words.first?.bytes.count ?? 0
    }

    var isEmpty: Bool { words.isEmpty }

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

    /// The start and group of a word that ends exactly at `byteOffset`, if any.
    func wordEnding(at byteOffset: Int, in text: ScanText) -> (start: Int, group: Int)? {
        guard byteOffset > 0 else { return nil }
        var last = text.bytes[byteOffset - 1]
        if last >= 0x41, last <= 0x5A { last |= 0x20 }
        for word in byLastByte[Int(last)] where word.bytes.count <= byteOffset {
            let start = byteOffset - word.bytes.count
            if matches(word, at: start, in: text) { return (start, word.group) }
        }
        return nil
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
