import Foundation

/// The JSONL export format (`switchboard-audit-export/v1`): a header, then the chain's entries
/// in order — full records for those the export selected, redacted entries (hashes only) for
/// the others in between — then the signed checkpoints. ``AuditExportReader`` verifies a file
/// offline with nothing but the public key.
public enum AuditExportLine {
    /// The format name in the header.
    public static let format = "switchboard-audit-export/v1"

    /// The header line.
    public static func header(anchor: AuditChainHead, publicKey: String?, exportedAt: Int64, filter: [String: String]) -> String {
        var object: [String: Any] = [
            "type": "header", "format": format, "exported_at": exportedAt,
            "anchor": ["sequence": anchor.sequence, "hash": anchor.hash.hex], "filter": filter,
        ]
        if let publicKey { object["public_key"] = publicKey }
        return encode(object)
    }

    /// A full record; `plaintext` is the decrypted content when the exporter had the key.
    public static func record(_ sealed: SealedAuditRecord, plaintext: String?) -> String {
        var object: [String: Any] = [
            "type": "record", "sequence": sealed.sequence, "previous_hash": sealed.previousHash.hex, "hash": sealed.hash.hex, "body": sealed.body,
        ]
        if let plaintext { object["content_plaintext"] = plaintext }
        return encode(object)
    }

    /// Another record's place in the chain.
    public static func redacted(_ sealed: SealedAuditRecord) -> String {
        encode(["type": "redacted", "sequence": sealed.sequence, "previous_hash": sealed.previousHash.hex, "hash": sealed.hash.hex])
    }

    /// A checkpoint.
    public static func checkpoint(_ checkpoint: AuditCheckpoint) -> String {
        encode([
            "type": "checkpoint", "sequence": checkpoint.sequence, "hash": checkpoint.hash, "created_at": checkpoint.createdAt,
            "public_key": checkpoint.publicKey, "signature": checkpoint.signature,
        ])
    }

    private static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Verifies an export file offline.
public enum AuditExportReader {
    /// The outcome of verifying a file.
    public struct Summary: Sendable {
        /// Entries verified (records and redacted entries).
        public var entries: Int
        /// Full records among them.
        public var records: Int
        /// Checkpoints matched against the chain.
        public var checkpoints: Int
        /// The public key the checkpoints were checked against.
        public var publicKey: String?
    }

    /// Verifies `text` (the whole file); `trustedPublicKey` overrides the key named in the header.
    public static func verify(_ text: String, trustedPublicKey: String?) throws(AuditVerificationFailure) -> Summary {
        var anchor = AuditChainHead.empty
        var headerKey: String?
        var checkpoints: [AuditCheckpoint] = []
        var entries: [AuditChainEntry] = []
        var records = 0
        let decoder = JSONDecoder()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let type = object["type"] as? String else {
                throw AuditVerificationFailure(sequence: 0, reason: "line \(number + 1) of the export is not a JSON object with a type")
            }
            let sequence = (object["sequence"] as? NSNumber)?.int64Value ?? 0
            switch type {
            case "header":
                guard object["format"] as? String == AuditExportLine.format else {
                    throw AuditVerificationFailure(sequence: 0, reason: "not a \(AuditExportLine.format) file")
                }
                if let value = object["anchor"] as? [String: Any], let hex = value["hash"] as? String {
                    guard let hash = AuditHash(hex: hex) else { throw AuditVerificationFailure(sequence: 0, reason: "line \(number + 1): the anchor's hash is not a SHA-256 value in hex") }
                    anchor = AuditChainHead(sequence: (value["sequence"] as? NSNumber)?.int64Value ?? 0, hash: hash)
                }
                headerKey = object["public_key"] as? String
            case "record":
                guard let body = object["body"] as? String, let previous = Self.hash(object["previous_hash"]), let hash = Self.hash(object["hash"]),
                      let record = try? decoder.decode(AuditRecord.self, from: Data(body.utf8))
                else { throw AuditVerificationFailure(sequence: sequence, reason: "line \(number + 1): the record cannot be read") }
                let sealed = SealedAuditRecord(
                    sequence: sequence, body: body, previousHash: previous, hash: hash, tenant: record.tenant, status: record.status,
                    receivedAt: record.receivedAt)
                entries.append(.record(sealed, indexMatchesBody: true))
                records += 1
            case "redacted":
                guard let previous = Self.hash(object["previous_hash"]), let hash = Self.hash(object["hash"]) else {
                    throw AuditVerificationFailure(sequence: sequence, reason: "line \(number + 1): the entry cannot be read")
                }
                entries.append(.redacted(sequence: sequence, previousHash: previous, hash: hash))
            case "checkpoint":
                guard let hash = object["hash"] as? String, let key = object["public_key"] as? String, let signature = object["signature"] as? String else {
                    throw AuditVerificationFailure(sequence: sequence, reason: "line \(number + 1): the checkpoint cannot be read")
                }
                checkpoints.append(AuditCheckpoint(
                    sequence: sequence, hash: hash, createdAt: (object["created_at"] as? NSNumber)?.int64Value ?? 0, publicKey: key, signature: signature))
            default:
                throw AuditVerificationFailure(sequence: sequence, reason: "line \(number + 1): unknown entry type '\(type)'")
            }
        }
        let key = trustedPublicKey ?? headerKey
        // An export carries only the checkpoints inside its range, so each must match.
        var verifier = try AuditVerifier(anchor: anchor, checkpoints: checkpoints, trustedPublicKey: key)
        for entry in entries { try verifier.check(entry) }
        let count = try verifier.finish()
        return Summary(entries: count, records: records, checkpoints: verifier.checkpointsMatched, publicKey: key)
    }

    private static func hash(_ value: Any?) -> AuditHash? {
        (value as? String).flatMap { AuditHash(hex: $0) }
    }
}
