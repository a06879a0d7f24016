import Crypto

/// A SHA-256 value of the hash chain: a record's hash, or the hash before the first record.
///
/// Held as 32 bytes without an allocation; shown, exported and signed as 64 lowercase hex
/// digits, and stored as a 32-byte blob.
public struct AuditHash: Sendable, Hashable, CustomStringConvertible {
    // The digest's bytes in order, eight to a word as they lie in memory (not a number).
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The hash before the first record: 32 zero bytes.
    public static let zero = AuditHash(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// The value of a SHA-256 digest.
    public init(_ digest: SHA256.Digest) {
        self = .zero
        digest.withUnsafeBytes { source in
            Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: source) }
        }
    }

    /// The value of exactly 32 bytes; nil for any other count.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        self = .zero
        Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    /// The value of 64 hex digits (either case); nil for anything else.
    public init?(hex: some StringProtocol) {
        var value = AuditHash.zero
        var count = 0
        let parsed = Swift.withUnsafeMutableBytes(of: &value.words) { target -> Bool in
            var high: UInt8?
            for unit in hex.utf8 {
                guard count < 64, let nibble = Self.nibble(unit) else { return false }
                if let first = high {
                    target[count / 2] = first << 4 | nibble
                    high = nil
                } else {
                    high = nibble
                }
                count += 1
            }
            return count == 64
        }
        guard parsed else { return nil }
        self = value
    }

    /// The 64 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(to: UnsafeMutableRawBufferPointer(buffer))
            return 64
        }
    }

    public var description: String { hex }

    /// Calls `body` with the 32 bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// Writes the 64 lowercase hex digits to the start of `target`, which holds at least 64 bytes.
    func writeHex(to target: UnsafeMutableRawBufferPointer) {
        withUnsafeBytes { Hex.write($0, to: target) }
    }

    public static func == (left: AuditHash, right: AuditHash) -> Bool {
        left.words.0 == right.words.0 && left.words.1 == right.words.1 && left.words.2 == right.words.2 && left.words.3 == right.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    private static func nibble(_ unit: UInt8) -> UInt8? {
        switch unit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): unit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): unit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): unit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
