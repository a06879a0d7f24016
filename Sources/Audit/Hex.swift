/// Lowercase hexadecimal encoding of bytes (digests, MACs), without Foundation's formatter.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `count` random bytes (from the system's secure generator) as lowercase hex.
    public static func random(bytes count: Int) -> String {
        // One draw from the system generator per eight bytes (each draw is a system call), not one per byte.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return encode(bytes.prefix(count))
    }

    /// Writes `bytes` as lowercase hex to the start of `target`, which holds at least twice as many bytes.
    static func write(_ bytes: UnsafeRawBufferPointer, to target: UnsafeMutableRawBufferPointer) {
        digits.withUnsafeBufferPointer { digits in
            for (index, byte) in bytes.enumerated() {
                target[2 * index] = digits[Int(byte >> 4)]
                target[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
        }
    }

    /// The bytes as lowercase hex, two characters per byte.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { target in
            write(bytes, to: UnsafeMutableRawBufferPointer(target))
            return 2 * bytes.count
        }
    }

    /// The bytes as lowercase hex, two characters per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) {
            return encoded
        }
        return encode(Array(bytes))
    }
}
