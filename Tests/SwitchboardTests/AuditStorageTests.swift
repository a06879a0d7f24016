import Foundation
import GRDB
import Testing
@testable import Audit
@testable import Store

/// The SQLite audit storage: queries through the block index find exactly what a scan of every
/// record finds, and a trail written before the v4 schema migrates with its chain intact.
@Suite("Audit storage")
struct AuditStorageTests {
    /// 1,000 records committed in 40 batches of 25, as the writer commits them: a common
    /// tenant everywhere, one tenant in a single batch, a batch with more tenants than a block
    /// lists, times received out of order within each batch, and a few failures.
    static func batches() -> [[AuditRecord]] {
        (0..<40).map { batch in
            (0..<25).map { offset in
                let index = batch * 25 + offset
                let tenant: String? =
                    switch (batch, offset) {
                    case (17, 3): "稀有"
                    case (30, _): "tenant-\(offset * 3 + index % 3)"
                    case (_, 0): nil
                    default: offset.isMultiple(of: 2) ? "acme" : "华泰"
                    }
                var record = AuditTrailTests.record(index, tenant: tenant ?? "", status: index.isMultiple(of: 7) ? 502 : 200)
                record.tenant = tenant
                // Exchanges end out of the order they arrived in.
                record.receivedAt = 1_795_000_000_000 + Int64(batch * 25_000) + Int64((offset * 7) % 25) * 1000
                return record
            }
        }
    }

    static func filled(_ store: SQLiteStore) async throws -> [SealedAuditRecord] {
        var head = AuditChainHead.empty
        var all: [SealedAuditRecord] = []
        for batch in batches() {
            let sealed = batch.map { record in
                var sealed = SealedAuditRecord(record: record, body: AuditChain.canonicalBody(record))
                head = sealed.place(after: head)
                return sealed
            }
            try await store.appendAudit(sealed, checkpoint: nil)
            all += sealed
        }
        return all
    }

    /// Turns the audit tables back into what schema v2 wrote (hex hashes, `id` and `request_id`
    /// columns, per-record indexes, no block index), runs `sql` on them, and forgets v4.
    static func turnBackIntoV2(_ store: SQLiteStore, thenRun sql: String = "") async throws {
        try await store.pool.write { db in
            try db.execute(sql: """
                CREATE TABLE audit_record_v2 (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, request_id TEXT NOT NULL, tenant TEXT,
                    status INTEGER NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                INSERT INTO audit_record_v2 SELECT seq, json_extract(body, '$.id'), json_extract(body, '$.request_id'), tenant, status,
                    received_at, body, lower(hex(prev_hash)), lower(hex(hash)) FROM audit_record;
                DROP TABLE audit_record;
                DROP TABLE audit_block;
                ALTER TABLE audit_record_v2 RENAME TO audit_record;
                CREATE INDEX audit_record_tenant_time ON audit_record (tenant, received_at);
                CREATE INDEX audit_record_time ON audit_record (received_at);
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%' OR identifier LIKE 'v7:%';
                """)
            if !sql.isEmpty { try db.execute(sql: sql) }
        }
    }

    static func newStore() throws -> SQLiteStore {
        try SQLiteStore(path: ScratchSpace.database("audit"))
    }

    @Test("every commit is synced: the writer runs with synchronous FULL and its small page cache, in a new database and in one opened again")
    func commitsAreSynced() async throws {
        let path = ScratchSpace.database("audit")
        let created = try SQLiteStore(path: path)
        #expect(try await created.writerPragma(.synchronous) == 2)
        #expect(try await created.writerPragma(.cacheSize) == -SQLiteStore.writerCacheKiB)
        _ = try await Self.filled(created)
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.writerPragma(.synchronous) == 2)
        #expect(try await reopened.writerPragma(.cacheSize) == -SQLiteStore.writerCacheKiB)
    }

    @Test("the writer's append commits a batch whole or not at all: a batch that breaks the chain's numbering leaves nothing, and the next commit goes through")
    func blockingAppendIsOneTransaction() async throws {
        let store = try Self.newStore()
        let empty = try await store.auditHead()
        let records = [AuditTrailTests.record(1), AuditTrailTests.record(2, tenant: "华泰")]
        var first = SealedAuditRecord(record: records[0], body: AuditChain.canonicalBody(records[0]))
        let head = first.place(after: empty)
        // Numbered after the same head as `first`: the batch's second insert fails.
        var clash = SealedAuditRecord(record: records[1], body: AuditChain.canonicalBody(records[1]))
        _ = clash.place(after: empty)
        #expect(throws: AuditStorageError.self) { try store.appendAuditBlocking([first, clash], checkpoint: nil) }
        #expect(try await store.auditHead() == empty)
        #expect(try await store.auditRecords(after: 0, limit: 10).isEmpty)

        try store.appendAuditBlocking([first], checkpoint: nil)
        #expect(try await store.auditHead() == head)
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 1)
    }

    @Test("queries through the block index return exactly what filtering every record returns")
    func blockIndexQueries() async throws {
        let store = try Self.newStore()
        let all = try await Self.filled(store)
        let base: Int64 = 1_795_000_000_000
        let queries = [
            AuditQuery(tenant: "acme", limit: 1000), AuditQuery(tenant: "华泰", limit: 50), AuditQuery(tenant: "稀有"),
            AuditQuery(tenant: "tenant-40"), AuditQuery(tenant: "nobody"), AuditQuery(tenant: "acme", afterSequence: 600, limit: 30),
            AuditQuery(from: base + 100_000, to: base + 130_000, limit: 1000), AuditQuery(from: base + 999_000),
            AuditQuery(to: base + 2000), AuditQuery(tenant: "华泰", from: base + 300_000, to: base + 600_000, status: 502, limit: 1000),
            AuditQuery(status: 502, afterSequence: 990), AuditQuery(afterSequence: 1000),
        ]
        for query in queries {
            let expected = all.filter { record in
                record.sequence > query.afterSequence && query.tenant.map { $0 == record.tenant } ?? true
                    && query.from.map { record.receivedAt >= $0 } ?? true && query.to.map { record.receivedAt < $0 } ?? true
                    && query.status.map { $0 == record.status } ?? true
            }.prefix(query.limit)
            let found = try await store.auditRecords(matching: query)
            #expect(found.map(\.sequence) == expected.map(\.sequence), "\(query)")
            #expect(found == Array(expected), "\(query)")
        }
        #expect(try await store.auditRecords(matching: AuditQuery(tenant: "稀有")).count == 1)
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: nil)
        #expect(summary.records == 1000)
    }

    @Test("a block lists its tenants, or none beyond 64, and takes in exactly its records")
    func blockSummary() async throws {
        let records = Self.batches()
        var head = AuditChainHead.empty
        let sealed = records[30].map { record in
            var sealed = SealedAuditRecord(record: record, body: "")
            head = sealed.place(after: head)
            return sealed
        }
        let block = try #require(AuditBlock(records: sealed, knowingEndUsers: true))
        #expect(block.firstSequence == 1 && block.lastSequence == 25)
        #expect(block.tenants?.split(separator: "\n").count == 25)
        #expect(sealed.allSatisfy(block.covers))
        var stranger = sealed[1]
        stranger.tenant = "stranger"
        #expect(!block.covers(stranger))
        stranger = sealed[1]
        stranger.receivedAt = block.receivedTo + 1
        #expect(!block.covers(stranger))
        let crowd = (0..<70).map { index in
            SealedAuditRecord(
                sequence: Int64(index + 1), body: "", previousHash: .zero, hash: .zero, tenant: "t\(index)", status: 200, receivedAt: 0)
        }
        let crowded = try #require(AuditBlock(records: crowd, knowingEndUsers: true))
        #expect(crowded.tenants == nil)
        #expect(crowd.allSatisfy(crowded.covers))
        #expect(AuditBlock(records: [SealedAuditRecord](), knowingEndUsers: true) == nil)
    }

    @Test("a block's end-user filter: never a false no, about 1% false yes, none for records read back")
    func endUserFilter() throws {
        let users = (0..<800).map { "hmac-sha256:\(String(repeating: "ab", count: 8))\($0)" }
        var head = AuditChainHead.empty
        let sealed = users.map { user -> SealedAuditRecord in
            var record = AuditTrailTests.record(1)
            record.endUser = user
            var sealed = SealedAuditRecord(record: record, body: "")
            head = sealed.place(after: head)
            return sealed
        }
        let block = try #require(AuditBlock(records: sealed, knowingEndUsers: true))
        #expect(users.allSatisfy { block.mayHold(endUser: $0) })
        let strangers = (0..<10_000).filter { block.mayHold(endUser: "stranger-\($0)") }.count
        #expect(strangers < 300)
        let readBack = try #require(AuditBlock(records: sealed, knowingEndUsers: false))
        #expect(readBack.mayHold(endUser: "stranger-1"))
    }

    @Test("a search by end user reads only the blocks that may hold them, and finds every record")
    func endUserSearch() async throws {
        let store = try Self.newStore()
        var head = AuditChainHead.empty
        for batch in 0..<40 {
            let records = (0..<50).map { index -> SealedAuditRecord in
                var record = AuditTrailTests.record(batch * 50 + index)
                record.endUser = (batch * 50 + index) % 97 == 0 ? "客户甲" : "user-\(batch)-\(index)"
                var sealed = SealedAuditRecord(record: record, body: AuditChain.canonicalBody(record))
                head = sealed.place(after: head)
                return sealed
            }
            try await store.appendAudit(records, checkpoint: nil)
        }
        var query = AuditQuery(limit: 100)
        query.newestFirst = true
        query.endUser = "客户甲"
        let found = try await store.auditRecords(matching: query).map(\.sequence)
        let matching: [Int64] = stride(from: 0, to: 2000, by: 97).map { Int64($0) + 1 }
        let expected: [Int64] = matching.reversed()
        #expect(found == expected)
        query.limit = 5
        #expect(try await store.auditRecords(matching: query).map(\.sequence) == Array(expected.prefix(5)))
        query.beforeSequence = found[4]
        #expect(try await store.auditRecords(matching: query).map(\.sequence) == Array(expected.dropFirst(5).prefix(5)))
        #expect(try await AuditTrailVerification.verify(store, trustedPublicKey: nil).records == 2000)
    }

    @Test("pruning through the block index keeps the rest whole and queryable")
    func pruneAcrossBlocks() async throws {
        let store = try Self.newStore()
        let all = try await Self.filled(store)
        // Batch 12's records arrived between +300 s and +324 s, out of order.
        let cutoff: Int64 = 1_795_000_000_000 + 312_000
        let newestBefore = try #require(all.last { $0.receivedAt < cutoff })
        let pruned = try await store.pruneAudit(receivedBefore: cutoff)
        #expect(pruned == Int(newestBefore.sequence))
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: nil)
        #expect(summary.range == (newestBefore.sequence + 1)...1000)
        let acme = try await store.auditRecords(matching: AuditQuery(tenant: "acme", limit: 1000))
        #expect(acme.map(\.sequence) == all.filter { $0.tenant == "acme" && $0.sequence > newestBefore.sequence }.map(\.sequence))
    }

    @Test("a trail written with the v2 schema (hex hashes, per-record indexes) migrates with its chain and checkpoints intact")
    func migrationFromV2() async throws {
        let signer = CheckpointSigner()
        let path = ScratchSpace.database("audit")
        do {
            let store = try SQLiteStore(path: path)
            let log = AuditLog(storage: store, signer: signer, checkpointEvery: 5, checkpointInterval: .seconds(3600))
            let writer = Task { await log.run() }
            for index in 1...12 { try await log.append(AuditTrailTests.record(index, tenant: index.isMultiple(of: 3) ? "华泰" : "acme")) }
            writer.cancel()
            await writer.value
            try await Self.turnBackIntoV2(store)
        }
        let migrated = try SQLiteStore(path: path)
        let summary = try await AuditTrailVerification.verify(migrated, trustedPublicKey: signer.base64PublicKey)
        #expect(summary.records == 12)
        #expect(summary.checkpoints == 2)
        #expect(try await migrated.auditRecords(matching: AuditQuery(tenant: "华泰")).map(\.sequence) == [3, 6, 9, 12])
        // The chain goes on from where it was.
        let log = AuditLog(storage: migrated, signer: signer, checkpointEvery: 5, checkpointInterval: .seconds(3600))
        let writer = Task { await log.run() }
        try await log.append(AuditTrailTests.record(13))
        writer.cancel()
        await writer.value
        #expect(try await AuditTrailVerification.verify(migrated, trustedPublicKey: signer.base64PublicKey).records == 13)
    }

    @Test("a v2 row whose hash is not hex survives migration as evidence, and verification names it")
    func migrationKeepsGarbledHash() async throws {
        let path = ScratchSpace.database("audit")
        do {
            let store = try SQLiteStore(path: path)
            let log = AuditLog(storage: store, signer: nil)
            let writer = Task { await log.run() }
            for index in 1...4 { try await log.append(AuditTrailTests.record(index)) }
            writer.cancel()
            await writer.value
            try await Self.turnBackIntoV2(store, thenRun: "UPDATE audit_record SET hash = 'not a hash; 改过' WHERE seq = 3")
        }
        let migrated = try SQLiteStore(path: path)
        let kept = try await migrated.pool.read { db in try String.fetchOne(db, sql: "SELECT CAST(hash AS TEXT) FROM audit_record WHERE seq = 3") }
        #expect(kept == "not a hash; 改过")
        do {
            _ = try await AuditTrailVerification.verify(migrated, trustedPublicKey: nil)
            Issue.record("a garbled hash went unnoticed")
        } catch let failure as AuditVerificationFailure {
            #expect(failure.sequence == 3)
        }
    }
}
