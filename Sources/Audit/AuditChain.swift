import Crypto
import Foundation

/// The hash chain: how a record is encoded canonically and how its hash is formed.
///
/// `hash(n) = SHA-256("switchboard-audit/v1\n" + n + "\n" + hex(hash(n-1)) + "\n" + body(n))`,
/// where `body` is the record's canonical JSON (sorted keys, no insignificant whitespace) and
/// the hash before the first record is 32 zero bytes. The sequence number is inside the hash, so a
/// record cannot be renumbered; the previous hash is inside it, so none can be removed,
/// inserted or reordered without breaking every hash after it.
public enum AuditChain {
    /// The hash that precedes the first record (64 zeros in hex).
    public static let genesisHash = AuditHash.zero

    /// The record's canonical JSON (sorted keys, no insignificant whitespace).
    public static func canonicalBody(_ record: AuditRecord) -> String {
        CanonicalJSON.encode(record)
    }

    private static let prefix = Array("switchboard-audit/v1\n".utf8)

    /// The hash of the record with sequence number `sequence`, canonical body `body`, after `previousHash`.
    public static func hash(sequence: Int64, previousHash: AuditHash, body: String) -> AuditHash {
        var hasher = SHA256()
        // The text before the body (prefix, number, previous hash in hex) is at most 107 bytes.
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { buffer in
            var count = 0
            for byte in prefix {
                buffer[count] = byte
                count += 1
            }
            var number = String(sequence)
            number.withUTF8 { digits in
                UnsafeMutableRawBufferPointer(rebasing: buffer[count...]).copyMemory(from: UnsafeRawBufferPointer(digits))
                count += digits.count
            }
            buffer[count] = UInt8(ascii: "\n")
            previousHash.writeHex(to: UnsafeMutableRawBufferPointer(rebasing: buffer[(count + 1)...]))
            count += 65
            buffer[count] = UInt8(ascii: "\n")
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0...count]))
        }
        var text = body
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return AuditHash(hasher.finalize())
    }
}

/// A record as the chain keeps it: its sequence number, canonical body and hashes, and the
/// columns stored beside the body for queries (tenant, status, time received).
public struct SealedAuditRecord: Sendable, Equatable {
    /// Position in the chain, from 1, without gaps (0 until the record is placed).
    public var sequence: Int64
    /// The canonical JSON the hash covers.
    public var body: String
    /// The previous record's hash.
    public var previousHash: AuditHash
    /// This record's hash.
    public var hash: AuditHash
    /// The tenant, as in the body.
    public var tenant: String?
    /// The HTTP status, as in the body.
    public var status: Int
    /// When the request arrived (Unix epoch milliseconds), as in the body.
    public var receivedAt: Int64
    /// The end user, as in the body: set when sealed, for the store's index (nil when read back).
    public var endUser: String?

    /// Seals `record` as number `sequence` after `previousHash`.
    public init(record: AuditRecord, sequence: Int64, previousHash: AuditHash) {
        self.init(record: record, body: AuditChain.canonicalBody(record))
        _ = place(after: AuditChainHead(sequence: sequence - 1, hash: previousHash))
    }

    /// `record`, whose canonical JSON `body` was encoded beforehand, not yet placed in the
    /// chain: ``place(after:)`` numbers and hashes it.
    public init(record: AuditRecord, body: String) {
        self.init(
            sequence: 0, body: body, previousHash: .zero, hash: .zero, tenant: record.tenant, status: record.status,
            receivedAt: record.receivedAt)
        endUser = record.endUser
    }

    /// A sealed record as stored: nothing is recomputed.
    public init(sequence: Int64, body: String, previousHash: AuditHash, hash: AuditHash, tenant: String?, status: Int, receivedAt: Int64) {
        self.sequence = sequence
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
        self.tenant = tenant
        self.status = status
        self.receivedAt = receivedAt
    }

    /// Places the record right after `head`: numbers it, hashes it, and returns the new head.
    public mutating func place(after head: AuditChainHead) -> AuditChainHead {
        sequence = head.sequence + 1
        previousHash = head.hash
        hash = AuditChain.hash(sequence: sequence, previousHash: previousHash, body: body)
        return AuditChainHead(sequence: sequence, hash: hash)
    }

    /// The record its body holds; nil when the body is not one.
    public func decodedRecord() -> AuditRecord? {
        try? Self.decoder.decode(AuditRecord.self, from: Data(body.utf8))
    }

    private static let decoder = JSONDecoder()
}

/// Where the chain stands: the last record's number and hash (0 and the genesis hash when empty).
public struct AuditChainHead: Sendable, Equatable {
    /// The last sequence number.
    public var sequence: Int64
    /// The last hash.
    public var hash: AuditHash

    /// Creates a head.
    public init(sequence: Int64, hash: AuditHash) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an empty chain.
    public static let empty = AuditChainHead(sequence: 0, hash: AuditChain.genesisHash)
}
