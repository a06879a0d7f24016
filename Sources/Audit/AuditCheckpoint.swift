import Crypto
import Foundation

/// A signed statement "the chain's record `sequence` has hash `hash`", made every N records or
/// T seconds with the institution's Ed25519 key, so an outside party holding only the public
/// key can check a range of the trail without trusting the database.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    /// The sequence number of the record it covers (and everything before it).
    public var sequence: Int64
    /// That record's hash.
    public var hash: String
    /// When it was signed (Unix epoch milliseconds).
    public var createdAt: Int64
    /// The Ed25519 public key, base64 (raw 32 bytes).
    public var publicKey: String
    /// The signature over ``signedMessage``, base64.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case sequence, hash, createdAt = "created_at", publicKey = "public_key", signature
    }

    /// The exact bytes that are signed.
    public var signedMessage: Data {
        Self.message(sequence: sequence, hash: hash, createdAt: createdAt)
    }

    static func message(sequence: Int64, hash: String, createdAt: Int64) -> Data {
        Data("switchboard-audit-checkpoint/v1\n\(sequence)\n\(hash)\n\(createdAt)".utf8)
    }

    /// Whether the signature is valid for ``publicKey``.
    public var hasValidSignature: Bool {
        guard let keyData = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData),
              let signatureData = Data(base64Encoded: signature)
        else { return false }
        return key.isValidSignature(signatureData, for: signedMessage)
    }

    /// Creates a checkpoint as stored.
    public init(sequence: Int64, hash: String, createdAt: Int64, publicKey: String, signature: String) {
        self.sequence = sequence
        self.hash = hash
        self.createdAt = createdAt
        self.publicKey = publicKey
        self.signature = signature
    }
}

/// Signs checkpoints with an Ed25519 private key.
public struct CheckpointSigner: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A signer for the raw 32-byte private key given in base64; nil if it is not one.
    public init?(base64PrivateKey: String) {
        guard let data = Data(base64Encoded: base64PrivateKey.trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
        else { return nil }
        self.key = key
    }

    /// A signer with a fresh key (for `audit keygen` and tests).
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// The private key, base64, for the configuration.
    public var base64PrivateKey: String { key.rawRepresentation.base64EncodedString() }

    /// The public key, base64, for auditors.
    public var base64PublicKey: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// Signs a checkpoint for the chain head.
    public func checkpoint(for head: AuditChainHead, at createdAt: Int64) -> AuditCheckpoint {
        let hash = head.hash.hex
        let message = AuditCheckpoint.message(sequence: head.sequence, hash: hash, createdAt: createdAt)
        let signature = (try? key.signature(for: message)) ?? Data()
        return AuditCheckpoint(
            sequence: head.sequence, hash: hash, createdAt: createdAt, publicKey: base64PublicKey,
            signature: signature.base64EncodedString())
    }
}
