import Crypto
import Foundation

/// The hash chain: how a record is encoded canonically and how its hash is formed.
///
/// `hash(n) = SHA-256("switchboard-audit/v1\n" + n + "\n" + hash(n-1) + "\n" + body(n))`, hex,
/// where `body` is the record's canonical JSON (sorted keys, no insignificant whitespace) and
/// the hash before the first record is 64 zeros. The sequence number is inside the hash, so a
/// record cannot be renumbered; the previous hash is inside it, so none can be removed,
/// inserted or reordered without breaking every hash after it.
public enum AuditChain {
    /// The hash that precedes the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The record's canonical JSON (sorted keys, no insignificant whitespace).
    public static func canonicalBody(_ record: AuditRecord) -> String {
        CanonicalJSON.encode(record)
    }

    /// The hash of the record with sequence number `sequence`, canonical body `body`, after `previousHash`.
    public static func hash(sequence: Int64, previousHash: String, body: String) -> String {
        var hasher = SHA256()
        var prefix = "switchboard-audit/v1\n\(sequence)\n\(previousHash)\n"
        prefix.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var text = body
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return Hex.encode(hasher.finalize())
    }
}

/// A record placed in the chain: its sequence number, canonical body and hashes.
public struct SealedAuditRecord: Sendable, Equatable {
    /// Position in the chain, from 1, without gaps.
    public var sequence: Int64
    /// The canonical JSON the hash covers.
    public var body: String
    /// The previous record's hash.
    public var previousHash: String
    /// This record's hash.
    public var hash: String
    /// The record, decoded (kept alongside for indexing: tenant, times, status).
    public var record: AuditRecord

    /// Seals `record` as number `sequence` after `previousHash`.
    public init(record: AuditRecord, sequence: Int64, previousHash: String) {
        self.init(record: record, body: AuditChain.canonicalBody(record), sequence: sequence, previousHash: previousHash)
    }

    /// Seals `record`, whose canonical JSON `body` was encoded beforehand, as number `sequence` after `previousHash`.
    public init(record: AuditRecord, body: String, sequence: Int64, previousHash: String) {
        self.record = record
        self.sequence = sequence
        self.previousHash = previousHash
        self.body = body
        hash = AuditChain.hash(sequence: sequence, previousHash: previousHash, body: body)
    }

    /// A sealed record as stored: nothing is recomputed.
    public init(sequence: Int64, body: String, previousHash: String, hash: String, record: AuditRecord) {
        self.sequence = sequence
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
        self.record = record
    }
}

/// Where the chain stands: the last record's number and hash (0 and the genesis hash when empty).
public struct AuditChainHead: Sendable, Equatable {
    /// The last sequence number.
    public var sequence: Int64
    /// The last hash.
    public var hash: String

    /// Creates a head.
    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an empty chain.
    public static let empty = AuditChainHead(sequence: 0, hash: AuditChain.genesisHash)
}
