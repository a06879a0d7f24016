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
        for (index, byte) in bytes.enumerated() {
            target[2 * index] = digits[Int(byte >> 4)]
            target[2 * index + 1] = digits[Int(byte & 0x0F)]
        }
    }

    /// The bytes as lowercase hex, two characters per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
