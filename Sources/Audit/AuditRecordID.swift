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
        let timeBytes = (0..<6).map { UInt8(truncatingIfNeeded: time >> UInt64(8 * (5 - $0))) }
        return "aud_" + Hex.encode(timeBytes) + UniqueBits.hex(bytes: 4)
    }
}
