/// A text prepared for the recognizers in one pass over its UTF-8 bytes: the maximal runs of
/// letters and digits (full-width forms folded to ASCII), how consecutive runs are joined, and
/// where `@` signs are.
///
/// Everything is addressed by byte offset into ``bytes``; ``ScalarOffsets`` turns byte offsets
/// into Unicode scalar offsets once the hits are known.
struct ScanText {
    /// One maximal run of ASCII or full-width letters and digits.
    struct Run {
        /// Byte offset of the run's first character.
        var byteStart: Int
        /// Byte offset just past the run.
        var byteEnd: Int
        /// Where the run's folded characters start in ``ScanText/folded``.
        var foldedStart: Int
        /// Where they end.
        var foldedEnd: Int
        /// How many of them are digits.
        var digitCount: Int
        /// The single space or dash joining this run to the next run, or 0 when they are not joined.
        var joiner: UInt8 = 0

        /// Folded characters in the run.
        var length: Int { foldedEnd - foldedStart }
        /// Whether every character is a digit.
        var isAllDigits: Bool { digitCount == length }
    }

    /// Runs this short that stand alone are not kept (see ``letters(startingAt:)``).
    static let shortestKeptRun = 5

    /// The text's UTF-8 bytes.
    let bytes: [UInt8]
    /// The runs, in order.
    private(set) var runs: [Run] = []
    /// Every run's characters in ASCII (full-width digits and letters folded), back to back.
    private(set) var folded: [UInt8] = []
    /// Byte offsets of `@`.
    private(set) var atSigns: [Int] = []
    /// Where the context words end, filled in by the scanner's automaton pass.
    var context = ContextIndex()

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        tokenize()
    }

    /// The letters and digits (folded) of the run starting at `byteOffset`, read on demand, and
    /// the byte offset just past it; for runs the tokenizer did not keep (letters only, or a
    /// short number standing alone).
    func letters(startingAt byteOffset: Int) -> (characters: [UInt8], end: Int)? {
        var characters: [UInt8] = []
        var index = byteOffset
        bytes.withUnsafeBufferPointer { buffer in
            while index < buffer.count {
                let (folded, width) = Self.alphanumeric(buffer, at: index, count: buffer.count)
                guard width > 0 else { break }
                characters.append(folded)
                index += width
            }
        }
        return characters.isEmpty ? nil : (characters, index)
    }

    /// The index of the run that starts exactly at `byteOffset`, if any.
    func run(startingAt byteOffset: Int) -> Int? {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].byteStart < byteOffset { low = middle + 1 } else { high = middle }
        }
        return low < runs.count && runs[low].byteStart == byteOffset ? low : nil
    }

    /// The folded characters of runs `first` through `last`, without their joiners.
    func characters(runs first: Int, through last: Int) -> ArraySlice<UInt8> {
        folded[runs[first].foldedStart..<runs[last].foldedEnd]
    }

    /// Whether a byte can start the tokenizer's work: an ASCII digit, a possible full-width form
    /// (0xEF lead byte) or `@`. Letters are not: a run matters only if it holds a digit, and the
    /// tokenizer finds its letters by looking around the digit.
    @inline(__always)
    static func isSeed(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || byte == 0xEF || byte == UInt8(ascii: "@")
    }

    private mutating func tokenize() {
        let count = bytes.count
        var runs: [Run] = []
        runs.reserveCapacity(count / 32)
        var atSigns: [Int] = []
        // Folding never lengthens a run, so the kept runs fit in as many bytes as the text has.
        folded = [UInt8](unsafeUninitializedCapacity: count) { output, written in
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0
                // Set when the last run is joined to a run starting at `index`.
                var continuing = false
                var lastRunDigits = 0
                while index < count {
                    var start = index
                    if !continuing {
                        // Skip to the next digit, full-width form or '@', eight bytes at a time.
                        index = Self.nextSeed(buffer, from: index)
                        guard index < count else { break }
                        switch buffer[index] {
                        case UInt8(ascii: "@"):
                            atSigns.append(index)
                            index += 1
                            continue
                        case 0xEF:
                            let (folded, width) = Self.alphanumeric(buffer, at: index, count: count)
                            guard width > 0, folded <= UInt8(ascii: "9") else {
                                index += max(width, 1)
                                continue
                            }
                        default:
                            break
                        }
                        // The run began at the first letter or digit before this digit.
                        start = index
                        while let previous = Self.alphanumericStart(buffer, before: start) { start = previous }
                    }
                    continuing = false
                    // Measure the run (ASCII fast path) before copying anything: most runs are
                    // short numbers that are not kept.
                    var end = start
                    var characters = 0
                    var digits = 0
                    var fullWidth = false
                    while end < count {
                        let byte = buffer[end]
                        if byte < 0x80 {
                            guard Self.isASCIIAlphanumeric(byte) else { break }
                            if byte <= UInt8(ascii: "9") { digits += 1 }
                            end += 1
                        } else {
                            let (foldedByte, width) = Self.alphanumeric(buffer, at: end, count: count)
                            guard width > 0 else { break }
                            if foldedByte <= UInt8(ascii: "9") { digits += 1 }
                            fullWidth = true
                            end += width
                        }
                        characters += 1
                    }
                    index = end
                    // A run of letters only matters when it continues a joined run that
                    // holds digits (an IBAN group such as "WEST").
                    if digits == 0, lastRunDigits == 0 {
                        if !runs.isEmpty { runs[runs.count - 1].joiner = 0 }
                        continue
                    }
                    // A single space or dash followed by another run joins the two.
                    var joiner: UInt8 = 0
                    if index + 1 < count, buffer[index] == UInt8(ascii: " ") || buffer[index] == UInt8(ascii: "-"),
                       Self.alphanumeric(buffer, at: index + 1, count: count).width > 0 {
                        joiner = buffer[index]
                    }
                    // Short numbers on their own (prices, dates, quantities) are no value's
                    // whole; only an IP address starts that short, next to '.' or ':'.
                    let joinedFromPrevious = lastRunDigits > 0 && runs[runs.count - 1].joiner != 0 && runs[runs.count - 1].byteEnd + 1 == start
                    if characters <= Self.shortestKeptRun, joiner == 0, !joinedFromPrevious,
                       !Self.mayBeInIPAddress(buffer, runStart: start, runEnd: end) {
                        lastRunDigits = 0
                        continue
                    }
                    let foldedStart = written
                    if fullWidth {
                        var position = start
                        while position < end {
                            let (foldedByte, width) = Self.alphanumeric(buffer, at: position, count: count)
                            output[written] = foldedByte
                            written += 1
                            position += width
                        }
                    } else {
                        for position in start..<end {
                            output[written] = buffer[position]
                            written += 1
                        }
                    }
                    var run = Run(byteStart: start, byteEnd: end, foldedStart: foldedStart, foldedEnd: written, digitCount: digits)
                    if joiner != 0 {
                        run.joiner = joiner
                        continuing = true
                        index += 1
                    }
                    runs.append(run)
                    lastRunDigits = digits
                }
            }
        }
        self.runs = runs
        self.atSigns = atSigns
    }

    /// The first seed (an ASCII digit, `@`, or the 0xEF of a full-width letter or digit) at or
    /// after `start`, or the end. Eight bytes are tested at once as one little-endian word.
    @inline(__always)
    static func nextSeed(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = buffer.count
        var index = start
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                var marks = seedMarks(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                while marks != 0 {
                    let seed = index + marks.trailingZeroBitCount >> 3
                    // The marks are a cheap superset: ":;<=>?" and every lead byte from 0xEF on,
                    // full-width punctuation (，（）：) included, are passed over here.
                    let byte = buffer[seed]
                    if byte &- 0x30 < 10 || byte == UInt8(ascii: "@") || (byte == 0xEF && alphanumeric(buffer, at: seed, count: count).width != 0) {
                        return seed
                    }
                    marks &= marks - 1
                }
                index += 8
            }
        }
        while index < count, !isSeed(buffer[index]) { index += 1 }
        return index
    }

    /// The high bit of every byte of `word` that may be a seed: 0x30–0x40 (the digits, `:;<=>?`
    /// and `@`) and 0xEF–0xFF (the full-width forms' lead byte, and four-byte leads). Two range
    /// tests cost fewer operations per word than three exact ones, and the few extra bytes are
    /// passed over by ``nextSeed(_:from:)``.
    @inline(__always)
    static func seedMarks(_ word: UInt64) -> UInt64 {
        let ascii = word & 0x7F7F_7F7F_7F7F_7F7F
        // Per byte, ascii + 0x50 reaches 0x80 from 0x30 on, ascii + 0x3F from 0x41 on, and
        // ascii + 0x11 from 0x6F on (with the high bit set: from 0xEF on); none carries.
        let digitsToAt = (ascii &+ 0x5050_5050_5050_5050) & ~(ascii &+ 0x3F3F_3F3F_3F3F_3F3F) & ~word
        let fromEF = (ascii &+ 0x1111_1111_1111_1111) & word
        return (digitsToAt | fromEF) & 0x8080_8080_8080_8080
    }

    /// Whether a short run at `runStart..<runEnd` may be part of an IP address: followed by
    /// ".d" and another "." later (IPv4), or next to a ':' that has another ':' on its far side
    /// past at most one group of four hex digits (IPv6: an address has at least two colons, and
    /// its groups are at most four digits long).
    static func mayBeInIPAddress(_ buffer: UnsafeBufferPointer<UInt8>, runStart: Int, runEnd: Int) -> Bool {
        let count = buffer.count
        if runEnd + 1 < count, buffer[runEnd] == UInt8(ascii: "."), buffer[runEnd + 1] &- 0x30 < 10 {
            var index = runEnd + 1
            while index < count, index - runEnd <= 4, buffer[index] &- 0x30 < 10 { index += 1 }
            return index + 1 < count && buffer[index] == UInt8(ascii: ".") && buffer[index + 1] &- 0x30 < 10
        }
        let colon = UInt8(ascii: ":")
        if runEnd < count, buffer[runEnd] == colon {
            var index = runEnd + 1
            while index < count, index - runEnd <= 4, isHexDigit(buffer[index]) { index += 1 }
            if index < count, buffer[index] == colon { return true }
        }
        if runStart > 0, buffer[runStart - 1] == colon {
            var index = runStart - 2
            while index >= 0, runStart - 1 - index <= 4, isHexDigit(buffer[index]) { index -= 1 }
            if index >= 0, buffer[index] == colon { return true }
        }
        return false
    }

    /// Whether the byte is an ASCII hex digit.
    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6
    }

    /// Where the letter or digit that ends at `index` starts, if there is one.
    @inline(__always)
    private static func alphanumericStart(_ buffer: UnsafeBufferPointer<UInt8>, before index: Int) -> Int? {
        guard index > 0 else { return nil }
        let byte = buffer[index - 1]
        if byte < 0x80 { return isASCIIAlphanumeric(byte) ? index - 1 : nil }
        guard index >= 3, buffer[index - 3] == 0xEF, alphanumeric(buffer, at: index - 3, count: buffer.count).width == 3 else { return nil }
        return index - 3
    }

    /// The ASCII letter or digit at `index` (folding full-width forms) and its width in bytes;
    /// width 0 when the character there is neither.
    @inline(__always)
    static func alphanumeric(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, count: Int) -> (byte: UInt8, width: Int) {
        let byte = buffer[index]
        if byte < 0x80 {
            return isASCIIAlphanumeric(byte) ? (byte, 1) : (0, 0)
        }
        guard byte == 0xEF, index + 2 < count else { return (0, 0) }
        let second = buffer[index + 1]
        let third = buffer[index + 2]
        if second == 0xBC {
            if third >= 0x90, third <= 0x99 { return (third - 0x90 + UInt8(ascii: "0"), 3) }  // ０-９
            if third >= 0xA1, third <= 0xBA { return (third - 0xA1 + UInt8(ascii: "A"), 3) }  // Ａ-Ｚ
        } else if second == 0xBD, third >= 0x81, third <= 0x9A {
            return (third - 0x81 + UInt8(ascii: "a"), 3)  // ａ-ｚ
        }
        return (0, 0)
    }

    /// Whether the byte is an ASCII letter or digit.
    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26
    }

    /// Whether the character ending just before `byteOffset` is a letter or digit.
    func isAlphanumeric(endingBefore byteOffset: Int) -> Bool {
        Self.isAlphanumeric(bytes, endingBefore: byteOffset)
    }

    /// Whether the character starting at `byteOffset` is a letter or digit.
    func isAlphanumeric(startingAt byteOffset: Int) -> Bool {
        Self.isAlphanumeric(bytes, startingAt: byteOffset)
    }

    /// Whether the character of `bytes` ending just before `byteOffset` is a letter or digit.
    static func isAlphanumeric(_ bytes: [UInt8], endingBefore byteOffset: Int) -> Bool {
        guard byteOffset > 0 else { return false }
        let start = scalarStart(bytes, before: byteOffset)
        return bytes.withUnsafeBufferPointer { alphanumeric($0, at: start, count: bytes.count).width > 0 }
    }

    /// Whether the character of `bytes` starting at `byteOffset` is a letter or digit.
    static func isAlphanumeric(_ bytes: [UInt8], startingAt byteOffset: Int) -> Bool {
        guard byteOffset < bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { alphanumeric($0, at: byteOffset, count: bytes.count).width > 0 }
    }

    /// The byte offset of the scalar that ends at `byteOffset`.
    static func scalarStart(_ bytes: [UInt8], before byteOffset: Int) -> Int {
        var index = byteOffset - 1
        while index > 0, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    /// Whether a context word of `kind` ends within `scalars` Unicode scalars before `byteOffset`.
    func hasContext(_ kind: ContextVocabulary.Kind, within scalars: Int, before byteOffset: Int) -> Bool {
        // A scalar has at most four bytes, so no word ending that close means none in the window,
        // which spares walking back through the text in the common case.
        guard context.contains(kind, endingIn: max(0, byteOffset - 4 * scalars)..<byteOffset) else { return false }
        return context.contains(kind, endingIn: window(before: byteOffset, scalars: scalars))
    }

    /// The byte range covering up to `scalars` Unicode scalars before `byteOffset`.
    func window(before byteOffset: Int, scalars: Int) -> Range<Int> {
        var start = byteOffset
        var remaining = scalars
        while remaining > 0, start > 0 {
            start = Self.scalarStart(bytes, before: start)
            remaining -= 1
        }
        return start..<byteOffset
    }

    /// The text of a byte range.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
