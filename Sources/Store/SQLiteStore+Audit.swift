import Audit
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    public func auditHead() async throws(AuditStorageError) -> AuditChainHead {
        try await auditRead { db in
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1") {
                return AuditChainHead(sequence: row["seq"], hash: Self.hash(row["hash"]) ?? .zero)
            }
            return try Self.anchor(db)
        }
    }

    public func auditAnchor() async throws(AuditStorageError) -> AuditChainHead {
        try await auditRead { db in try Self.anchor(db) }
    }

    public func appendAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) async throws(AuditStorageError) {
        do {
            try await pool.writeWithoutTransaction { db in try Self.commitAudit(records, checkpoint: checkpoint, into: db) }
        } catch {
            throw AuditStorageError("writing the audit trail failed: \(error)")
        }
    }

    public func appendAuditBlocking(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) throws(AuditStorageError) {
        do {
            // GRDB's synchronous write runs on the calling thread when its writer is idle.
            try pool.writeWithoutTransaction { db in try Self.commitAudit(records, checkpoint: checkpoint, into: db) }
        } catch {
            throw AuditStorageError("writing the audit trail failed: \(error)")
        }
    }

    /// Commits sealed records, their block and a checkpoint in one transaction of their own.
    private static func commitAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?, into db: Database) throws {
        try inImmediateTransaction(db) { try insertAudit(records, checkpoint: checkpoint, into: db) }
    }

    /// Inserts sealed records, their block and a checkpoint, in the caller's transaction.
    private static func insertAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?, into db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit_record (seq, tenant, status, received_at, body, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        // Bound through SQLite's C API: this loop is the audit trail's hot path, and GRDB's
        // argument values cost more than the insert itself.
        let statement = insert.sqliteStatement
        sqlite3_reset(statement)
        for sealed in records {
            sqlite3_bind_int64(statement, 1, sealed.sequence)
            SQLiteBinding.bind(sealed.tenant, to: statement, at: 2)
            sqlite3_bind_int64(statement, 3, Int64(sealed.status))
            sqlite3_bind_int64(statement, 4, sealed.receivedAt)
            SQLiteBinding.bind(sealed.body, to: statement, at: 5)
            sealed.previousHash.withUnsafeBytes { SQLiteBinding.bind($0, to: statement, at: 6) }
            sealed.hash.withUnsafeBytes { SQLiteBinding.bind($0, to: statement, at: 7) }
            try SQLiteBinding.step(statement, in: db)
        }
        sqlite3_clear_bindings(statement)
        try AuditBlock(records: records, knowingEndUsers: true)?.insert(into: db)
        if let checkpoint {
            try db.execute(
                sql: "INSERT OR REPLACE INTO audit_checkpoint (seq, hash, created_at, public_key, signature) VALUES (?, ?, ?, ?, ?)",
                arguments: [checkpoint.sequence, checkpoint.hash, checkpoint.createdAt, checkpoint.publicKey, checkpoint.signature])
        }
    }

    public func auditRecords(after sequence: Int64, limit: Int) async throws(AuditStorageError) -> [StoredAuditRecord] {
        try await auditRead { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_record WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit])
            guard let first = rows.first, let last = rows.last else { return [] }
            // Blocks tile the chain: a block that overlaps the one before it (a record would be
            // listed twice by queries) indexes nothing.
            let blocks = try AuditBlock.blocks(spanning: first["seq"], through: last["seq"], in: db)
            let overlapping = blocks.indices.map { index in index > 0 && blocks[index].firstSequence <= blocks[index - 1].lastSequence }
            var blockIndex = 0
            return rows.map { row in
                let sealed = Self.sealedRecord(row)
                while blockIndex < blocks.count, blocks[blockIndex].lastSequence < sealed.record.sequence { blockIndex += 1 }
                let block = blockIndex < blocks.count && !overlapping[blockIndex] ? blocks[blockIndex] : nil
                let indexed = block?.covers(sealed.record) ?? false
                return StoredAuditRecord(checking: sealed.record, hashesReadable: sealed.hashesReadable, indexed: indexed) { decoded in
                    // A block whose end-user filter lacks the record's end user would hide it from searches.
                    decoded.endUser.map { block?.mayHold(endUser: $0) ?? false } ?? true
                }
            }
        }
    }

    public func auditRecords(matching query: AuditQuery) async throws(AuditStorageError) -> [SealedAuditRecord] {
        // The blocks that may hold a match, in order, then the matching records inside each.
        var blockConditions = ["last_seq > ?"]
        var blockFilters: StatementArguments = []
        var recordConditions = ["seq > ?", "seq BETWEEN ? AND ?"]
        var recordFilters: StatementArguments = []
        if let tenant = query.tenant {
            blockConditions.append("(tenants IS NULL OR instr(tenants, ?) > 0)")
            blockFilters += [AuditBlock.needle(tenant: tenant)]
            recordConditions.append("tenant = ?")
            recordFilters += [tenant]
        }
        if let from = query.from {
            blockConditions.append("received_to >= ?")
            blockFilters += [from]
            recordConditions.append("received_at >= ?")
            recordFilters += [from]
        }
        if let to = query.to {
            blockConditions.append("received_from < ?")
            blockFilters += [to]
            recordConditions.append("received_at < ?")
            recordFilters += [to]
        }
        if let status = query.status {
            recordConditions.append("status = ?")
            recordFilters += [status]
        }
        for condition in query.bodyConditions {
            if let needle = condition.value.verbatimNeedle {
                recordConditions.append("instr(body, ?) > 0")
                recordFilters += [needle]
            }
            recordConditions.append("json_extract(body, ?) = ?")
            recordFilters += [Self.jsonPath(condition.path)]
            switch condition.value {
            case .text(let text): recordFilters += [text]
            case .integer(let number): recordFilters += [number]
            }
        }
        if query.newestFirst {
            return try await newestAuditRecords(
                before: query.beforeSequence, endUser: query.endUser, conditions: Array(recordConditions.dropFirst(2)), filters: recordFilters, limit: query.limit)
        }
        let blockSQL = "SELECT first_seq, last_seq FROM audit_block WHERE \(blockConditions.joined(separator: " AND ")) ORDER BY last_seq LIMIT 512"
        let recordSQL = "SELECT * FROM audit_record WHERE \(recordConditions.joined(separator: " AND ")) ORDER BY seq LIMIT ?"
        let (after, limit, boundBlockFilters, boundRecordFilters) = (query.afterSequence, query.limit, blockFilters, recordFilters)
        return try await auditRead { db in
            var found: [SealedAuditRecord] = []
            var blocksAfter = after
            while found.count < limit {
                let blocks = try Row.fetchAll(db, sql: blockSQL, arguments: [blocksAfter] + boundBlockFilters)
                guard let lastBlock = blocks.last else { break }
                for block in blocks where found.count < limit {
                    let arguments: StatementArguments = [after, block["first_seq"], block["last_seq"]] + boundRecordFilters + [limit - found.count]
                    found += try Row.fetchAll(db, sql: recordSQL, arguments: arguments).map { Self.sealedRecord($0).record }
                }
                blocksAfter = lastBlock["last_seq"]
            }
            return found
        }
    }

    /// The newest records before `sequence` that meet `conditions`, newest first. With an end
    /// user, only the blocks whose filter may hold them are read.
    private func newestAuditRecords(
        before sequence: Int64, endUser: String?, conditions: [String], filters: StatementArguments, limit: Int
    ) async throws(AuditStorageError) -> [SealedAuditRecord] {
        guard let endUser else {
            let sql = "SELECT * FROM audit_record WHERE \((["seq < ?"] + conditions).joined(separator: " AND ")) ORDER BY seq DESC LIMIT ?"
            return try await auditRead { db in
                try Row.fetchAll(db, sql: sql, arguments: [sequence] + filters + [limit]).map { Self.sealedRecord($0).record }
            }
        }
        let recordSQL = "SELECT * FROM audit_record WHERE \((["seq < ?", "seq BETWEEN ? AND ?"] + conditions).joined(separator: " AND ")) ORDER BY seq DESC LIMIT ?"
        return try await auditRead { db in
            var found: [SealedAuditRecord] = []
            var blocksBefore = sequence
            // Every committed batch is a block, so the blocks cover every record.
            while found.count < limit {
                let blocks = try Row.fetchAll(
                    db, sql: "SELECT * FROM audit_block WHERE first_seq < ? ORDER BY last_seq DESC LIMIT 512", arguments: [blocksBefore]
                ).map(AuditBlock.init(row:))
                guard let oldest = blocks.last else { break }
                for block in blocks where found.count < limit && block.mayHold(endUser: endUser) {
                    let arguments: StatementArguments = [sequence, block.firstSequence, block.lastSequence] + filters + [limit - found.count]
                    found += try Row.fetchAll(db, sql: recordSQL, arguments: arguments).map { Self.sealedRecord($0).record }
                }
                blocksBefore = oldest.firstSequence
            }
            return found
        }
    }

    /// A JSON path for SQLite's `json_extract`: `$."privacy"."level"`.
    private static func jsonPath(_ keys: [String]) -> String {
        "$" + keys.map { ".\"\($0)\"" }.joined()
    }

    public func auditCheckpoints() async throws(AuditStorageError) -> [AuditCheckpoint] {
        try await auditRead { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_checkpoint ORDER BY seq").map { row in
                AuditCheckpoint(sequence: row["seq"], hash: row["hash"], createdAt: row["created_at"], publicKey: row["public_key"], signature: row["signature"])
            }
        }
    }

    public func pruneAudit(receivedBefore cutoff: Int64) async throws(AuditStorageError) -> Int {
        try await auditWrite { db in
            // Prune a prefix of the chain only: the newest record received before the cutoff
            // and everything before it, so the rest still verifies from the new anchor.
            // The last block with a record received before the cutoff holds the newest such record.
            guard let block = try Row.fetchOne(
                db, sql: "SELECT first_seq, last_seq FROM audit_block WHERE received_from < ? ORDER BY last_seq DESC LIMIT 1", arguments: [cutoff]),
                let last = try Row.fetchOne(
                    db, sql: "SELECT seq, hash FROM audit_record WHERE seq BETWEEN ? AND ? AND received_at < ? ORDER BY seq DESC LIMIT 1",
                    arguments: [block["first_seq"], block["last_seq"], cutoff])
            else { return 0 }
            let sequence: Int64 = last["seq"]
            let hash = Self.hash(last["hash"]) ?? .zero
            try db.execute(sql: "DELETE FROM audit_record WHERE seq <= ?", arguments: [sequence])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM audit_block WHERE last_seq <= ?", arguments: [sequence])
            try db.execute(sql: "UPDATE audit_block SET first_seq = ? WHERE first_seq <= ?", arguments: [sequence + 1, sequence])
            try db.execute(sql: "DELETE FROM audit_checkpoint WHERE seq <= ?", arguments: [sequence])
            try db.execute(sql: "INSERT OR REPLACE INTO audit_meta (name, value) VALUES ('anchor_seq', ?), ('anchor_hash', ?)", arguments: [
                Data(String(sequence).utf8), Data(hash.hex.utf8),
            ])
            return deleted
        }
    }

    public func auditSecret(named name: String) async throws(AuditStorageError) -> [UInt8] {
        try await auditWrite { db in
            if let existing = try Data.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE name = ?", arguments: ["secret:" + name]) {
                return Array(existing)
            }
            var generator = SystemRandomNumberGenerator()
            let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            try db.execute(sql: "INSERT INTO audit_meta (name, value) VALUES (?, ?)", arguments: ["secret:" + name, Data(secret)])
            return secret
        }
    }

    private static func anchor(_ db: Database) throws -> AuditChainHead {
        let sequence = try Data.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE name = 'anchor_seq'").flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
        let hash = try Data.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE name = 'anchor_hash'").flatMap { AuditHash(hex: String(decoding: $0, as: UTF8.self)) }
        guard let sequence, let hash else { return .empty }
        return AuditChainHead(sequence: sequence, hash: hash)
    }

    /// The hash in a stored blob; nil when the blob is not 32 bytes (the row was tampered with).
    private static func hash(_ blob: Data?) -> AuditHash? {
        blob?.withUnsafeBytes { AuditHash(bytes: $0) }
    }

    /// A row as stored, and whether both hashes were 32-byte blobs (a row tampered with may hold anything).
    private static func sealedRecord(_ row: Row) -> (record: SealedAuditRecord, hashesReadable: Bool) {
        let previousHash = hash(row["prev_hash"])
        let ownHash = hash(row["hash"])
        let sealed = SealedAuditRecord(
            sequence: row["seq"], body: row["body"], previousHash: previousHash ?? .zero, hash: ownHash ?? .zero, tenant: row["tenant"],
            status: row["status"], receivedAt: row["received_at"])
        return (sealed, previousHash != nil && ownHash != nil)
    }

    private func auditRead<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(AuditStorageError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw AuditStorageError("reading the audit trail failed: \(error)")
        }
    }

    private func auditWrite<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(AuditStorageError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw AuditStorageError("writing the audit trail failed: \(error)")
        }
    }
}
