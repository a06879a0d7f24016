/// Where and why verification of the trail failed.
public struct AuditVerificationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sequence number of the first bad record (or checkpoint).
    public var sequence: Int64
    /// What is wrong with it.
    public var reason: String

    public var description: String { "record \(sequence): \(reason)" }
}

/// An entry of the chain as a verifier sees it: a full record, or (in a tenant's export) only
/// the hashes of another tenant's record, which still prove the chain is unbroken.
public enum AuditChainEntry: Sendable {
    /// A full record whose hash is recomputed.
    case record(SealedAuditRecord, indexMatchesBody: Bool)
    /// Another record's place in the chain, without its content.
    case redacted(sequence: Int64, previousHash: AuditHash, hash: AuditHash)
}

/// Walks the chain in order and finds the first record that was modified, deleted, inserted
/// or reordered, and any checkpoint that does not match or does not verify.
///
/// ```swift
/// var verifier = try AuditVerifier(anchor: anchor, checkpoints: checkpoints, trustedPublicKey: key)
/// for entry in entries { try verifier.check(entry) }
/// let count = try verifier.finish()
/// ```
public struct AuditVerifier: Sendable {
    private var expectedSequence: Int64
    private var expectedPreviousHash: AuditHash
    private let checkpointHashes: [Int64: AuditHash]
    private let lastCheckpointSequence: Int64
    /// How many entries were checked.
    public private(set) var checked = 0
    /// How many checkpoints were matched against the chain.
    public private(set) var checkpointsMatched = 0

    /// Starts a verification after `anchor`; checks every checkpoint's signature first (and,
    /// when `trustedPublicKey` is given, that it was made with that key).
    public init(anchor: AuditChainHead, checkpoints: [AuditCheckpoint], trustedPublicKey: String?) throws(AuditVerificationFailure) {
        expectedSequence = anchor.sequence + 1
        expectedPreviousHash = anchor.hash
        var hashes: [Int64: AuditHash] = [:]
        for checkpoint in checkpoints where checkpoint.sequence > anchor.sequence {
            if let trustedPublicKey, checkpoint.publicKey != trustedPublicKey {
                throw AuditVerificationFailure(sequence: checkpoint.sequence, reason: "the checkpoint was signed with another key than the trusted one")
            }
            guard checkpoint.hasValidSignature else {
                throw AuditVerificationFailure(sequence: checkpoint.sequence, reason: "the checkpoint's signature does not verify")
            }
            guard let hash = AuditHash(hex: checkpoint.hash) else {
                throw AuditVerificationFailure(sequence: checkpoint.sequence, reason: "the checkpoint's hash is not a SHA-256 value in hex")
            }
            hashes[checkpoint.sequence] = hash
        }
        checkpointHashes = hashes
        lastCheckpointSequence = hashes.keys.max() ?? 0
    }

    /// Checks the next entry of the chain.
    public mutating func check(_ entry: AuditChainEntry) throws(AuditVerificationFailure) {
        let sequence: Int64
        let previousHash: AuditHash
        let hash: AuditHash
        switch entry {
        case .record(let sealed, let indexMatchesBody):
            sequence = sealed.sequence
            previousHash = sealed.previousHash
            hash = sealed.hash
            try checkPosition(sequence: sequence, previousHash: previousHash)
            guard AuditChain.hash(sequence: sequence, previousHash: previousHash, body: sealed.body) == hash else {
                throw AuditVerificationFailure(sequence: sequence, reason: "the record was modified (its hash does not match its content)")
            }
            guard indexMatchesBody else {
                throw AuditVerificationFailure(sequence: sequence, reason: "the record's indexed columns or its index entry were modified (they disagree with its hashed content)")
            }
        case .redacted(let redactedSequence, let redactedPrevious, let redactedHash):
            sequence = redactedSequence
            previousHash = redactedPrevious
            hash = redactedHash
            try checkPosition(sequence: sequence, previousHash: previousHash)
        }
        if let signed = checkpointHashes[sequence] {
            guard signed == hash else {
                throw AuditVerificationFailure(sequence: sequence, reason: "the record does not match the signed checkpoint (the chain was rewritten)")
            }
            checkpointsMatched += 1
        }
        expectedSequence = sequence + 1
        expectedPreviousHash = hash
        checked += 1
    }

    private func checkPosition(sequence: Int64, previousHash: AuditHash) throws(AuditVerificationFailure) {
        if sequence > expectedSequence {
            throw AuditVerificationFailure(sequence: expectedSequence, reason: "the record is missing (deleted); the next one present is \(sequence)")
        }
        if sequence < expectedSequence {
            throw AuditVerificationFailure(sequence: sequence, reason: "the record is out of order or duplicated (expected \(expectedSequence))")
        }
        guard previousHash == expectedPreviousHash else {
            throw AuditVerificationFailure(sequence: sequence, reason: "the record does not follow the one before it (inserted, reordered, or its predecessor changed)")
        }
    }

    /// Ends the walk: fails when a signed checkpoint covers records that are no longer there
    /// (the tail was truncated); returns how many entries were verified.
    public func finish() throws(AuditVerificationFailure) -> Int {
        if lastCheckpointSequence >= expectedSequence {
            throw AuditVerificationFailure(
                sequence: expectedSequence,
                reason: "records \(expectedSequence)…\(lastCheckpointSequence) are missing: a signed checkpoint covers them (the trail was truncated)")
        }
        return checked
    }
}
