import Foundation
import GRDB
import Testing
@testable import Audit
@testable import Store

/// The audit trail against a real SQLite store: the chain verifies, and every kind of tampering
/// is found and named.
@Suite("Audit trail")
struct AuditTrailTests {
    static func record(_ index: Int, tenant: String = "acme", status: Int = 200) -> AuditRecord {
        AuditRecord(
            id: "aud_\(index)", requestID: "req_\(index)", receivedAt: 1_795_000_000_000 + Int64(index) * 1000, firstByteAt: nil,
            doneAt: 1_795_000_000_000 + Int64(index) * 1000 + 5, tenant: tenant, keyID: "key_1", endUser: nil, operation: "chat/completions",
            model: "fin-chat", stream: false, backend: "in-house", zone: "private",
            attempts: [AuditAttempt(backend: "in-house", outcome: "ok", micros: 4000)], status: status, errorCode: nil, tokensIn: 10,
            tokensOut: 20, gatewayMicros: 120, upstreamMicros: 4000, content: nil)
    }

    /// A store holding `count` records written through the group-commit writer, with a
    /// checkpoint every 5 records.
    static func filledStore(count: Int = 12, signer: CheckpointSigner) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: ScratchSpace.database("audit"))
        let log = AuditLog(storage: store, signer: signer, checkpointEvery: 5, checkpointInterval: .seconds(3600))
        let writer = Task { await log.run() }
        for index in 1...count {
            try await log.append(record(index, tenant: index.isMultiple(of: 2) ? "acme" : "华泰"))
        }
        writer.cancel()
        await writer.value
        return store
    }

    func failure(_ store: SQLiteStore, key: String) async -> AuditVerificationFailure? {
        do {
            _ = try await AuditTrailVerification.verify(store, trustedPublicKey: key)
            return nil
        } catch {
            return error as? AuditVerificationFailure
        }
    }

    @Test("random ids have the length asked for and do not repeat")
    func randomHex() {
        #expect(Hex.random(bytes: 16).count == 32)
        #expect(Hex.random(bytes: 4).count == 8)
        #expect(Hex.random(bytes: 9).count == 18)
        #expect(Set((0..<1000).map { _ in Hex.random(bytes: 16) }).count == 1000)
        let hex = Hex.random(bytes: 16)
        #expect(hex.allSatisfy { $0.isHexDigit })
    }

    @Test("an intact chain verifies, with its checkpoints")
    func intact() async throws {
        let signer = CheckpointSigner()
        let store = try await Self.filledStore(signer: signer)
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: signer.base64PublicKey)
        #expect(summary.records == 12)
        #expect(summary.range == 1...12)
        #expect(summary.checkpoints == 2)
    }

    @Test("each kind of tampering is found at the right record", arguments: [
        ("edit a field", "UPDATE audit_record SET body = replace(body, '\"status\":200', '\"status\":201') WHERE seq = 3", Int64(3), "modified"),
        ("edit an indexed column", "UPDATE audit_record SET tenant = 'other' WHERE seq = 3", Int64(3), "indexed columns"),
        ("delete a record", "DELETE FROM audit_record WHERE seq = 4", Int64(4), "missing"),
        (
            "insert a record",
            "UPDATE audit_record SET seq = seq + 100 WHERE seq >= 6; UPDATE audit_record SET seq = seq - 99 WHERE seq >= 106; INSERT INTO audit_record (seq, tenant, status, received_at, body, prev_hash, hash) SELECT 6, tenant, status, received_at, body, prev_hash, hash FROM audit_record WHERE seq = 5",
            Int64(6), "follow"
        ),
        (
            "swap two records",
            "UPDATE audit_record SET seq = -7 WHERE seq = 7; UPDATE audit_record SET seq = 7 WHERE seq = 8; UPDATE audit_record SET seq = 8 WHERE seq = -7",
            Int64(7), "follow"
        ),
        ("truncate the tail past a checkpoint", "DELETE FROM audit_record WHERE seq >= 9", Int64(9), "truncated"),
        ("hide a record from tenant queries", "UPDATE audit_block SET tenants = char(10) || 'other' || char(10) WHERE last_seq = 3", Int64(3), "indexed columns"),
        ("hide a record from time queries", "UPDATE audit_block SET received_to = received_from - 1 WHERE last_seq = 4", Int64(4), "indexed columns"),
        ("drop a record's block", "DELETE FROM audit_block WHERE last_seq = 7", Int64(7), "indexed columns"),
        ("overlap two blocks", "UPDATE audit_block SET first_seq = 5 WHERE last_seq = 7", Int64(7), "indexed columns"),
        ("garble a stored hash", "UPDATE audit_record SET prev_hash = X'00' WHERE seq = 1", Int64(1), "indexed columns"),
        ("forge a checkpoint", "UPDATE audit_checkpoint SET hash = '00' || substr(hash, 3) WHERE seq = 5", Int64(5), "signature"),
    ])
    func tampering(kind: String, sql: String, sequence: Int64, reason: String) async throws {
        let signer = CheckpointSigner()
        let store = try await Self.filledStore(signer: signer)
        try await store.pool.write { db in try db.execute(sql: sql) }
        let found = try #require(await failure(store, key: signer.base64PublicKey), "\(kind) went unnoticed")
        #expect(found.sequence == sequence, "\(kind): \(found)")
        #expect(found.reason.contains(reason), "\(kind): \(found)")
    }

    @Test("rewriting the whole chain consistently is caught by the signed checkpoints")
    func consistentRewrite() async throws {
        let signer = CheckpointSigner()
        let store = try await Self.filledStore(signer: signer)
        // Re-seal every record after editing record 2, as an attacker with database access could.
        var records = try await store.auditRecords(after: 0, limit: 100).compactMap { $0.sealed.decodedRecord() }
        records[1].status = 500
        var previous = AuditChain.genesisHash
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM audit_record; DELETE FROM audit_block") }
        var resealed: [SealedAuditRecord] = []
        for (index, record) in records.enumerated() {
            let sealed = SealedAuditRecord(record: record, sequence: Int64(index + 1), previousHash: previous)
            previous = sealed.hash
            resealed.append(sealed)
        }
        try await store.appendAudit(resealed, checkpoint: nil)
        let found = try #require(await failure(store, key: signer.base64PublicKey))
        #expect(found.sequence == 5)
        #expect(found.reason.contains("checkpoint"))
        // A checkpoint signed with the attacker's own key is refused against the trusted key.
        let forger = CheckpointSigner()
        try await store.appendAudit([], checkpoint: forger.checkpoint(for: AuditChainHead(sequence: 12, hash: previous), at: 0))
        #expect(await failure(store, key: signer.base64PublicKey) != nil)
    }

    @Test("pruning old records keeps the rest verifiable from the new anchor")
    func retention() async throws {
        let signer = CheckpointSigner()
        let store = try await Self.filledStore(signer: signer)
        let pruned = try await store.pruneAudit(receivedBefore: 1_795_000_000_000 + 7 * 1000)
        #expect(pruned == 6)
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: signer.base64PublicKey)
        #expect(summary.range == 7...12)
        #expect(summary.checkpoints == 1)
        #expect(try await store.auditHead().sequence == 12)
    }

    @Test("queries filter by tenant, time and status, in chain order")
    func queries() async throws {
        let store = try await Self.filledStore(signer: CheckpointSigner())
        let acme = try await store.auditRecords(matching: AuditQuery(tenant: "acme"))
        #expect(acme.map(\.sequence) == [2, 4, 6, 8, 10, 12])
        let window = try await store.auditRecords(matching: AuditQuery(from: 1_795_000_000_000 + 3000, to: 1_795_000_000_000 + 6000))
        #expect(window.map(\.sequence) == [3, 4, 5])
        let paged = try await store.auditRecords(matching: AuditQuery(afterSequence: 10, limit: 5))
        #expect(paged.map(\.sequence) == [11, 12])
    }

    @Test("encrypted content opens with the key and with no other")
    func encryption() throws {
        let sealer = ContentSealer()
        let plaintext = Data(#"{"request":{"messages":[{"role":"user","content":"我的身份证号是…"}]}}"#.utf8)
        let sealed = try #require(sealer.seal(plaintext))
        #expect(!sealed.sealed.contains("身份证"))
        #expect(sealer.open(sealed) == plaintext)
        #expect(ContentSealer().open(sealed) == nil)
        var altered = sealed
        altered.sealed = String(altered.sealed.dropLast(4)) + "AAA="
        #expect(sealer.open(altered) == nil)
        #expect(ContentSealer(base64Key: sealer.base64Key)?.open(sealed) == plaintext)
    }

    @Test("many concurrent appends are all committed, in one unbroken chain")
    func concurrentAppends() async throws {
        let store = try SQLiteStore(path: ScratchSpace.database("audit"))
        let log = AuditLog(storage: store, signer: CheckpointSigner(), checkpointEvery: 100)
        let writer = Task { await log.run() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...2000 {
                group.addTask { try await log.append(Self.record(index)) }
            }
            try await group.waitForAll()
        }
        writer.cancel()
        await writer.value
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: nil)
        #expect(summary.records == 2000)
        #expect(summary.checkpoints >= 1)
        await #expect(throws: AuditStorageError.self) { try await log.append(Self.record(0)) }
    }

    @Test("a failed commit fails only its own appenders; records still waiting are sealed again after the last durable one")
    func failedCommit() async throws {
        let store = try SQLiteStore(path: ScratchSpace.database("audit"))
        let log = AuditLog(storage: store, signer: CheckpointSigner(), checkpointEvery: 50)
        let writer = Task { await log.run() }
        for index in 1...5 { try await log.append(Self.record(index)) }
        // Every commit fails while the block index is away; it comes back after the first failure.
        try await store.pool.write { db in try db.execute(sql: "ALTER TABLE audit_block RENAME TO audit_block_away") }
        let failures = FailureCount()
        // 100 appenders with three records each: the first commits fail, and records appended
        // while a failing commit is under way wait and are sealed again.
        let succeeded = try await withThrowingTaskGroup(of: [String].self) { group in
            for appender in 0..<100 {
                group.addTask {
                    var stored: [String] = []
                    for round in 0..<3 {
                        let index = 6 + appender * 3 + round
                        do {
                            try await log.append(Self.record(index))
                            stored.append("req_\(index)")
                        } catch {
                            if await failures.increment() == 1 {
                                try await store.pool.write { db in try db.execute(sql: "ALTER TABLE audit_block_away RENAME TO audit_block") }
                            }
                        }
                    }
                    return stored
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.formUnion($1) }
        }
        for index in 401...410 { try await log.append(Self.record(index)) }
        writer.cancel()
        await writer.value
        #expect(await failures.count > 0, "no commit failed: the test proved nothing")
        #expect(!succeeded.isEmpty, "no append succeeded after the failure")
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: nil)
        #expect(summary.records == 5 + succeeded.count + 10, "every successful append is stored, and no failed one")
        let stored = try await store.auditRecords(after: 5, limit: 1000).compactMap { $0.sealed.decodedRecord()?.requestID }
        #expect(Set(stored.prefix(succeeded.count)) == succeeded)
    }

    @Test("the end-user hash is stable per user and reveals nothing")
    func endUserHash() {
        let hasher = EndUserHasher(key: Array(repeating: 7, count: 32))
        #expect(hasher.hash("13800138000") == hasher.hash("13800138000"))
        #expect(hasher.hash("13800138000") != hasher.hash("13800138001"))
        #expect(!hasher.hash("13800138000").contains("138"))
        #expect(EndUserHasher(key: Array(repeating: 8, count: 32)).hash("13800138000") != hasher.hash("13800138000"))
    }
}

/// Counts failed appends across tasks.
private actor FailureCount {
    private(set) var count = 0

    func increment() -> Int {
        count += 1
        return count
    }
}

@Suite("Audit canonical encoding")
struct AuditCanonicalEncodingTests {
    @Test("the hand-written canonical JSON equals Foundation's sorted-key encoding and decodes back")
    func matchesSortedKeys() throws {
        var record = AuditTrailTests.record(3, tenant: "华泰 \"证券\"\n")
        record.content = SealedContent(algorithm: "AES-256-GCM", sealed: "abc/+=")
        record.firstByteAt = nil
        record.errorCode = "upstream_timeout"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(AuditChain.canonicalBody(record) == String(decoding: try encoder.encode(record), as: UTF8.self))
        // Every optional part, nested objects and arrays, extreme and negative numbers.
        record.privacy = AuditPrivacy(
            level: 4, rule: "policy[0] {level: \"4\"}", zones: ["private", "内网"], entities: ["phone": 2, "id_card": 1, "名字": 3],
            keywords: ["持仓", "a\\b"], masked: true, pseudonyms: 3, restored: 0, invented: 1)
        record.tools = [
            AuditToolCall(
                name: "quote", id: "call_1", step: 1, effect: "read", outcome: "ok", argumentsSHA256: "ab", resultSHA256: "cd", micros: 12,
                approval: nil),
            AuditToolCall(
                name: "order", id: "call_2", step: 2, effect: "write", outcome: "rejected", argumentsSHA256: "ef", resultSHA256: "", micros: 0,
                approval: "appr_1"),
        ]
        record.scenario = "投顾"
        record.steps = 2
        record.maskedContent = "line\u{1}\tend"
        record.endUser = "u"
        record.firstByteAt = Int64.max
        record.gatewayMicros = Int64.min
        record.upstreamMicros = -1
        record.stream = true
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = String(decoding: try encoder.encode(record), as: UTF8.self)
        #expect(AuditChain.canonicalBody(record) == foundation)
        #expect(try JSONDecoder().decode(AuditRecord.self, from: Data(AuditChain.canonicalBody(record).utf8)) == record)
    }

    @Test("record identifiers sort by time and differ within one millisecond")
    func recordIdentifiers() {
        let earlier = AuditRecordID.make(at: 1_795_000_000_000)
        let later = AuditRecordID.make(at: 1_795_000_000_001)
        #expect(earlier < later)
        #expect(earlier.hasPrefix("aud_01a1ee565e00") && later.hasPrefix("aud_01a1ee565e01") && earlier.count == 24)
        #expect(earlier.dropFirst(16).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(AuditRecordID.make(at: 0).hasPrefix("aud_000000000000"), "the time is padded to twelve digits")
        #expect(Set((0..<100).map { _ in AuditRecordID.make(at: 1_795_000_000_000) }).count == 100)
    }
}
