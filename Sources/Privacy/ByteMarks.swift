/// Byte classes of eight UTF-8 bytes at once, read as one little-endian `UInt64`: each function
/// returns a word with the high bit (0x80) of every byte of that class set and all other bits
/// clear, so `trailingZeroBitCount >> 3` is the first such byte's index.
///
/// Every sum below stays within its byte (no carry into the next), which is what makes the
/// bytes independent.
enum ByteMarks {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// ASCII digits.
    @inline(__always)
    static func digits(_ word: UInt64) -> UInt64 {
        let ascii = word & low
        // Per byte below 0x80, the high bit of ascii + 0x50 says "at least '0'", and of
        // ascii + 0x46 "at least ':'".
        return (ascii &+ 0x5050_5050_5050_5050) & ~(ascii &+ 0x4646_4646_4646_4646) & ~word & high
    }

    /// ASCII letters.
    @inline(__always)
    static func letters(_ word: UInt64) -> UInt64 {
        // Setting bit 5 folds upper-case letters onto 0x61–0x7A (and nothing else onto them).
        let lower = (word & low) | 0x2020_2020_2020_2020
        return (lower &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(lower &+ 0x0505_0505_0505_0505) & ~word & high
    }

    /// Lead bytes of three- and four-byte characters, and the bytes no UTF-8 text holds
    /// (0xE0–0xFF): one range test, cheaper than picking out 0xE0–0xEF.
    @inline(__always)
    static func leadsFromE0(_ word: UInt64) -> UInt64 {
        // Per byte, (byte & 0x7F) + 0x20 reaches 0x80 from 0x60 on; with the high bit, from 0xE0 on.
        ((word & low) &+ 0x2020_2020_2020_2020) & word & high
    }

    /// The marks of a word (high bits only) packed into its low eight bits, bit `i` for byte `i`.
    @inline(__always)
    static func packed(_ marks: UInt64) -> UInt64 {
        ((marks >> 7) &* 0x0102_0408_1020_4080) >> 56
    }
}
