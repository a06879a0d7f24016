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

    /// The text's UTF-8 bytes.
    let bytes: [UInt8]
    /// The runs, in order.
    private(set) var runs: [Run] = []
    /// Every run's characters in ASCII (full-width digits and letters folded), back to back.
    private(set) var folded: [UInt8] = []
    /// Byte offsets of `@`.
    private(set) var atSigns: [Int] = []

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        tokenize()
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

    /// Byte classes for the tokenizer: 0 cannot start a run, 1 ASCII letter or digit, 2 a
    /// possible full-width form (0xEF lead byte), 3 `@`.
    private static let byteClasses: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte < 0x80, asciiAlphanumeric[value] { return 1 }
        if byte == 0xEF { return 2 }
        if byte == UInt8(ascii: "@") { return 3 }
        return 0
    }

    private mutating func tokenize() {
        let count = bytes.count
        var runs: [Run] = []
        var atSigns: [Int] = []
        let classes = Self.byteClasses
        folded = [UInt8](unsafeUninitializedCapacity: count) { output, foldedCount in
            bytes.withUnsafeBufferPointer { buffer in
                classes.withUnsafeBufferPointer { classOf in
                    var index = 0
                    var written = 0
                    while index < count {
                        let byteClass = classOf[Int(buffer[index])]
                        if byteClass == 0 {
                            index += 1
                            continue
                        }
                        if byteClass == 3 {
                            atSigns.append(index)
                            index += 1
                            continue
                        }
                        let start = index
                        let foldedStart = written
                        var digits = 0
                        while index < count {
                            let byte = buffer[index]
                            if classOf[Int(byte)] == 1 {
                                output[written] = byte
                                written += 1
                                if byte <= UInt8(ascii: "9") { digits += 1 }
                                index += 1
                                continue
                            }
                            guard byte == 0xEF else { break }
                            let (foldedByte, width) = Self.alphanumeric(buffer, at: index, count: count)
                            guard width > 0 else { break }
                            output[written] = foldedByte
                            written += 1
                            if foldedByte <= UInt8(ascii: "9") { digits += 1 }
                            index += width
                        }
                        if index == start {
                            index += 1
                            continue
                        }
                        var run = Run(byteStart: start, byteEnd: index, foldedStart: foldedStart, foldedEnd: written, digitCount: digits)
                        // A single space or dash followed by another run joins the two.
                        if index + 1 < count, buffer[index] == UInt8(ascii: " ") || buffer[index] == UInt8(ascii: "-"),
                           Self.alphanumeric(buffer, at: index + 1, count: count).width > 0 {
                            run.joiner = buffer[index]
                        }
                        runs.append(run)
                    }
                    foldedCount = written
                }
            }
        }
        self.runs = runs
        self.atSigns = atSigns
    }

    /// The ASCII letter or digit at `index` (folding full-width forms) and its width in bytes;
    /// width 0 when the character there is neither.
    @inline(__always)
    static func alphanumeric(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, count: Int) -> (byte: UInt8, width: Int) {
        let byte = buffer[index]
        if byte < 0x80 {
            return asciiAlphanumeric[Int(byte)] ? (byte, 1) : (0, 0)
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
    static let asciiAlphanumeric: [Bool] = (0..<128).map { value in
        let byte = UInt8(value)
        return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether the character ending just before `byteOffset`, or starting at it, is a letter or digit.
    func isAlphanumeric(endingBefore byteOffset: Int) -> Bool {
        guard byteOffset > 0 else { return false }
        let start = Self.scalarStart(bytes, before: byteOffset)
        return bytes.withUnsafeBufferPointer { Self.alphanumeric($0, at: start, count: bytes.count).width > 0 }
    }

    /// Whether the character starting at `byteOffset` is a letter or digit.
    func isAlphanumeric(startingAt byteOffset: Int) -> Bool {
        guard byteOffset < bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { Self.alphanumeric($0, at: byteOffset, count: bytes.count).width > 0 }
    }

    /// The byte offset of the scalar that ends at `byteOffset`.
    static func scalarStart(_ bytes: [UInt8], before byteOffset: Int) -> Int {
        var index = byteOffset - 1
        while index > 0, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
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
