/// Tests on eight bytes at once, loaded as one 64-bit word: the scanners skip runs of bytes that
/// need no closer look this way instead of looking at each.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` equals `byte`.
    @inline(__always)
    static func contains(_ byte: UInt8, in word: UInt64) -> Bool {
        // A byte of the difference is zero exactly where `word` held `byte`; subtracting one from
        // each byte borrows into the high bit of the lowest such byte.
        let difference = word ^ (UInt64(byte) &* ones)
        return (difference &- ones) & ~difference & highs != 0
    }

    /// Whether some byte of `word` has its high bit set (is not ASCII).
    @inline(__always)
    static func containsNonASCII(_ word: UInt64) -> Bool {
        word & highs != 0
    }

    /// Whether some byte of `word`, a word of ASCII bytes only, is below `limit` (at most 0x80):
    /// subtracting `limit` from each byte borrows into the high bit of the lowest such byte.
    @inline(__always)
    static func containsASCII(below limit: UInt8, in word: UInt64) -> Bool {
        (word &- UInt64(limit) &* ones) & highs != 0
    }
}
