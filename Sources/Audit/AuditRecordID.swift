import Foundation

/// Audit record identifiers: `aud_` and 20 hex digits, the first 12 the creation time in epoch
/// milliseconds and the last 8 from ``UniqueBits``.
/// Identifiers sort by time, so the trail's unique index on them grows at its end instead of
/// being rewritten all over, and an operator can read roughly when a record was made from its
/// identifier.
public enum AuditRecordID {
    /// A new identifier for a record made at `milliseconds` (now by default).
    public static func make(at milliseconds: Int64 = AuditTime.now) -> String {
        let time = UInt64(max(0, milliseconds)) & 0xFFFF_FFFF_FFFF
        // Written in place, one string and no intermediate ones: "aud_", the time's six low
        // bytes most significant first, four bytes of unique bits.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            let target = UnsafeMutableRawBufferPointer(buffer)
            target.copyBytes(from: "aud_".utf8)
            withUnsafeBytes(of: time.bigEndian) { bytes in
                Hex.write(UnsafeRawBufferPointer(rebasing: bytes[2...]), to: UnsafeMutableRawBufferPointer(rebasing: target[4..<16]))
            }
            UniqueBits.writeHex(bytes: 4, to: UnsafeMutableRawBufferPointer(rebasing: target[16..<24]))
            return 24
        }
    }
}
