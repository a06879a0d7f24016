import Synchronization

/// Bits for identifiers (request ids, audit record ids, span ids) without a system call each:
/// SplitMix64 over a counter, from a random seed drawn once per process. SplitMix64 is a
/// bijection of the counter, so values do not repeat within a process (2⁶⁴ of them), and
/// processes start from different seeds. They are not secrets: one value reveals the sequence,
/// so tokens and keys come from ``Hex/random(bytes:)``.
public enum UniqueBits {
    private static let seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    /// A new non-zero 64-bit value.
    public static func next() -> UInt64 {
        var z = seed &+ counter.wrappingAdd(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }

    /// `count` bytes of new values as lowercase hex.
    public static func hex(bytes count: Int) -> String {
        String(unsafeUninitializedCapacity: 2 * count) { buffer in
            writeHex(bytes: count, to: UnsafeMutableRawBufferPointer(buffer))
            return 2 * count
        }
    }

    /// Writes `count` bytes of new values as lowercase hex to the start of `target`, which holds
    /// at least twice as many bytes.
    static func writeHex(bytes count: Int, to target: UnsafeMutableRawBufferPointer) {
        var written = 0
        while written < count {
            let take = min(8, count - written)
            withUnsafeBytes(of: next()) { value in
                Hex.write(UnsafeRawBufferPointer(rebasing: value[..<take]), to: UnsafeMutableRawBufferPointer(rebasing: target[(2 * written)...]))
            }
            written += take
        }
    }
}
