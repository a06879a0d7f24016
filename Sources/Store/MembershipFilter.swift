/// A Bloom filter over strings, as bytes: whether a set may hold a value (never a false "no").
/// Ten bits a member and seven probes keep false "maybe"s near 1%.
struct MembershipFilter: Equatable {
    /// The filter's bits.
    private(set) var bytes: [UInt8]
    private static let probes = 7

    /// A filter sized for `count` members.
    init(capacity count: Int) {
        bytes = [UInt8](repeating: 0, count: max(8, (count * 10 + 7) / 8))
    }

    /// A filter as stored; nil when it holds no bits.
    init?(bytes: [UInt8]) {
        guard !bytes.isEmpty else { return nil }
        self.bytes = bytes
    }

    /// Adds `value`.
    mutating func insert(_ value: String) {
        let bits = UInt64(bytes.count * 8)
        var (position, step) = Self.hashes(value)
        for _ in 0..<Self.probes {
            let bit = Int(position % bits)
            bytes[bit >> 3] |= 1 << UInt8(bit & 7)
            position &+= step
        }
    }

    /// Whether `value` may have been added (false means it surely was not).
    func mayContain(_ value: String) -> Bool {
        let bits = UInt64(bytes.count * 8)
        var (position, step) = Self.hashes(value)
        for _ in 0..<Self.probes {
            let bit = Int(position % bits)
            guard bytes[bit >> 3] & (1 << UInt8(bit & 7)) != 0 else { return false }
            position &+= step
        }
        return true
    }

    /// Two independent-enough hashes (FNV-1a, 64-bit, split; the step made odd) for double hashing.
    private static func hashes(_ value: String) -> (UInt64, UInt64) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return (hash & 0xffff_ffff, (hash >> 32) | 1)
    }
}
