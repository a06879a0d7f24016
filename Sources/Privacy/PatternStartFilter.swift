/// Which positions of a UTF-8 text may start one of a set of patterns, so that a search can
/// skip everything else without entering its automaton.
///
/// A pattern that starts with an ASCII letter or digit may only start where a word starts (see
/// ``AhoCorasick``); a pattern that starts with a three-byte character (all of CJK) anywhere such
/// a character starts. At those positions the next three bytes are looked up in a bit set of
/// hashed pattern beginnings (every upper- and lower-case spelling of an ASCII beginning is
/// entered, so the text needs no folding). Any other first byte (ASCII punctuation, the lead
/// byte of a two- or four-byte character) stops the skipping wherever it occurs. The filter may
/// let through positions where nothing starts (hash collisions); it never skips a position where
/// something does.
///
/// The text is read 64 bytes at a time: bit operations on eight-byte words find the word starts
/// and three-byte lead bytes, and only those positions are looked up.
struct PatternStartFilter: Sendable {
    /// What a byte means when the text is read a byte at a time.
    private enum ByteClass: UInt8 {
        /// Starts nothing: step over it.
        case skip = 0
        /// An ASCII letter or digit: look up its three bytes where a word starts.
        case word = 1
        /// The lead byte of a three-byte character: look up its three bytes.
        case threeByteLead = 2
        /// Some pattern starts with this byte: stop.
        case stop = 3
    }

    /// Three bit sets of 65,536 bits each, one after the other: a bit per 16-bit hash of the
    /// first three bytes of a pattern (as the text may spell them); the same for the patterns
    /// the pair set cannot vouch for (see ``add(_:)``); and a bit per hash of the first six
    /// bytes of a pattern that begins with two three-byte characters. A position passes when its
    /// three bytes are in the first set and either in the second or its six bytes are in the third.
    private var startBits = [UInt64](repeating: 0, count: 3 * 1024)
    private static let unpairedOffset = 65_536
    private static let pairOffset = 2 * 65_536
    private var classes = [UInt8](repeating: ByteClass.skip.rawValue, count: 256)
    /// Whether any byte is of class ``ByteClass/stop`` (then the search goes a byte at a time).
    private var hasStopBytes = false
    /// Whether some pattern begins with an ASCII digit; if none does, a word that begins with a
    /// digit (a number) is no candidate.
    private var hasDigitBeginnings = false

    /// A filter that lets nothing through until patterns are added.
    init() {
        for byte in 0..<256 {
            if ScanText.isASCIIAlphanumeric(UInt8(byte)) {
                classes[byte] = ByteClass.word.rawValue
            } else if byte >= 0xE0, byte < 0xF0 {
                classes[byte] = ByteClass.threeByteLead.rawValue
            }
        }
    }

    /// Lets through the positions where `pattern` (folded UTF-8, not empty) may start.
    mutating func add(_ pattern: [UInt8]) {
        let first = pattern[0]
        if first &- 0x30 < 10 { hasDigitBeginnings = true }
        if ScanText.isASCIIAlphanumeric(first) || (first >= 0xE0 && first < 0xF0 && pattern.count >= 3) {
            // Every third byte after a two-byte beginning; every spelling of ASCII letters.
            let thirds = pattern.count >= 3 ? [pattern[2]] : (0...255).map(UInt8.init)
            let paired = Self.beginsWithTwoThreeByteCharacters(pattern)
            for first in Self.spellings(first) {
                for second in pattern.count >= 2 ? Self.spellings(pattern[1]) : (0...255).map(UInt8.init) {
                    for third in thirds.flatMap(Self.spellings) {
                        let bit = Self.hash(UInt32(first) | UInt32(second) << 8 | UInt32(third) << 16)
                        set(bit)
                        if !paired { set(Self.unpairedOffset + bit) }
                    }
                }
            }
            if paired {
                set(Self.pairOffset + Self.hash(pattern[0..<6].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }))
            }
        } else {
            classes[Int(first)] = ByteClass.stop.rawValue
            hasStopBytes = true
        }
    }

    /// A folded byte and, for a lower-case ASCII letter, its upper-case form.
    private static func spellings(_ byte: UInt8) -> [UInt8] {
        byte &- 0x61 < 26 ? [byte, byte - 0x20] : [byte]
    }

    /// Whether `pattern` begins with two CJK-range (three-byte) characters, so that its first six
    /// bytes can be checked at once.
    private static func beginsWithTwoThreeByteCharacters(_ pattern: [UInt8]) -> Bool {
        pattern.count >= 6 && pattern[0] & 0xF0 == 0xE0 && pattern[3] & 0xF0 == 0xE0
    }

    private mutating func set(_ bit: Int) {
        startBits[bit >> 6] |= 1 &<< UInt64(bit & 63)
    }

    /// A search for possible starts through `input`, for the duration of `body`.
    @inline(__always)
    func withSearch<Result>(through input: UnsafeBufferPointer<UInt8>, _ body: (inout Search) -> Result) -> Result {
        startBits.withUnsafeBufferPointer { bits in
            classes.withUnsafeBufferPointer { classes in
                var search = Search(input: input, bits: bits, classes: classes, bytewiseOnly: hasStopBytes, skipsNumbers: !hasDigitBeginnings)
                return body(&search)
            }
        }
    }

    /// A search through one text. It keeps the candidates of the 64-byte block it is in between
    /// calls, so that resuming after the automaton has left the root costs nothing.
    struct Search {
        fileprivate let input: UnsafeBufferPointer<UInt8>
        fileprivate let bits: UnsafeBufferPointer<UInt64>
        fileprivate let classes: UnsafeBufferPointer<UInt8>
        fileprivate let bytewiseOnly: Bool
        /// All ones when words that begin with a digit are no candidates, else zero.
        fileprivate let numberStarts: UInt64
        /// The current block, and its candidates not yet looked up (kept between calls).
        private var blockStart = 0
        private var blockEnd = 0
        private var remaining: UInt64 = 0
        /// The high bit of "the byte before `blockEnd` is a letter or digit".
        private var carry: UInt64 = 0

        fileprivate init(
            input: UnsafeBufferPointer<UInt8>, bits: UnsafeBufferPointer<UInt64>, classes: UnsafeBufferPointer<UInt8>, bytewiseOnly: Bool, skipsNumbers: Bool
        ) {
            self.input = input
            self.bits = bits
            self.classes = classes
            self.bytewiseOnly = bytewiseOnly
            self.numberStarts = skipsNumbers ? ~0 : 0
        }

        /// The first position at or after `index` where a pattern may start, or a position in
        /// the last two bytes (which the caller examines itself), or the end.
        @inline(__always)
        mutating func next(from index: Int) -> Int {
            guard !bytewiseOnly, let base = input.baseAddress else {
                return PatternStartFilter.bytewise(input, from: index, classes: classes, bits: bits)
            }
            if index >= blockStart, index < blockEnd {
                // Candidates before `index` are behind the automaton already.
                remaining &= ~0 &<< UInt64(index - blockStart)
            } else {
                blockStart = index
                blockEnd = index
                remaining = 0
                carry = index > 0 && ScanText.isASCIIAlphanumeric(input[index - 1]) ? 0x80 : 0
            }
            let raw = UnsafeRawPointer(base)
            // The loop works on local copies: kept in the struct, every candidate would wait for
            // the previous one's store to reach the next load.
            var candidates = remaining
            var start = blockStart
            var end = blockEnd
            var carry = self.carry
            defer {
                remaining = candidates
                blockStart = start
                blockEnd = end
                self.carry = carry
            }
            while true {
                while candidates != 0 {
                    let position = start + candidates.trailingZeroBitCount
                    candidates &= candidates - 1
                    if PatternStartFilter.mayStart(raw, at: position, bits: bits) { return position }
                }
                // A block reads seven bytes past its end (the last candidate's lookup).
                guard end + 71 <= input.count else { break }
                start = end
                end += 64
                for word in 0..<8 {
                    let marks = PatternStartFilter.candidateMarks(
                        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + word * 8, as: UInt64.self)), carry: &carry, skippedStarts: numberStarts)
                    candidates |= ByteMarks.packed(marks) &<< UInt64(word * 8)
                }
            }
            return PatternStartFilter.bytewise(input, from: end, classes: classes, bits: bits)
        }
    }

    /// The word starts and three-byte lead bytes among eight bytes (and four-byte leads, which
    /// start no pattern when the search goes by blocks, so their lookup just fails); `carry`
    /// holds the high bit of "the byte before is a letter or digit" and is updated for the next
    /// eight. Words that begin with a digit are left out when `skippedStarts` is all ones.
    @inline(__always)
    fileprivate static func candidateMarks(_ word: UInt64, carry: inout UInt64, skippedStarts: UInt64) -> UInt64 {
        let digits = ByteMarks.digits(word)
        let alphanumeric = digits | ByteMarks.letters(word)
        let wordStarts = alphanumeric & ~(alphanumeric << 8 | carry | digits & skippedStarts)
        carry = alphanumeric >> 56
        return wordStarts | ByteMarks.leadsFromE0(word)
    }

    /// Whether a pattern may start at `position`, with at least eight bytes from there on.
    @inline(__always)
    fileprivate static func mayStart(_ base: UnsafeRawPointer, at position: Int, bits: UnsafeBufferPointer<UInt64>) -> Bool {
        let bytes = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        let triple = hash(UInt32(truncatingIfNeeded: bytes) & 0xFF_FFFF)
        guard isSet(triple, in: bits) else { return false }
        return isSet(unpairedOffset + triple, in: bits) || isSet(pairOffset + hash(bytes & 0xFFFF_FFFF_FFFF), in: bits)
    }

    @inline(__always)
    private static func isSet(_ bit: Int, in bits: UnsafeBufferPointer<UInt64>) -> Bool {
        bits[bit >> 6] & (1 &<< UInt64(bit & 63)) != 0
    }

    /// Whether a pattern may start with the three bytes `triple` (the first in the low byte).
    @inline(__always)
    private static func mayStart(_ triple: UInt32, bits: UnsafeBufferPointer<UInt64>) -> Bool {
        isSet(hash(triple), in: bits)
    }

    /// A byte at a time, by each byte's class.
    @inline(__always)
    fileprivate static func bytewise(_ input: UnsafeBufferPointer<UInt8>, from start: Int, classes: UnsafeBufferPointer<UInt8>, bits: UnsafeBufferPointer<UInt64>) -> Int {
        let count = input.count
        var index = start
        var afterWordByte = index > 0 && ScanText.isASCIIAlphanumeric(input[index - 1])
        while index + 2 < count {
            switch classes[Int(input[index])] {
            case ByteClass.skip.rawValue:
                afterWordByte = false
                index += 1
            case ByteClass.word.rawValue:
                if !afterWordByte {
                    if mayStart(triple(input, at: index), bits: bits) { return index }
                    afterWordByte = true
                }
                index += 1
            case ByteClass.threeByteLead.rawValue:
                if mayStart(triple(input, at: index), bits: bits) { return index }
                afterWordByte = false
                index += 3
            default:
                return index
            }
        }
        return index
    }

    /// The three bytes at `index` (which has two more after it), the first in the low byte.
    @inline(__always)
    private static func triple(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        UInt32(input[index]) | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2]) << 16
    }

    /// A 16-bit hash of three bytes.
    @inline(__always)
    private static func hash(_ triple: UInt32) -> Int {
        Int((triple &* 0x9E37_79B1) >> 16)
    }

    /// A 16-bit hash of six bytes.
    @inline(__always)
    private static func hash(_ six: UInt64) -> Int {
        Int((six &* 0x9E37_79B9_7F4A_7C15) >> 48)
    }

    /// An ASCII upper-case letter folded to lower case; every other byte unchanged.
    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}
