import Audit
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    static func registerAuditMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2: audit trail") { db in
            try db.create(table: "audit_record") { table in
                table.primaryKey("seq", .integer)
                table.column("id", .text).notNull().unique()
                table.column("request_id", .text).notNull()
                table.column("tenant", .text)
                table.column("status", .integer).notNull()
                table.column("received_at", .integer).notNull()
                table.column("body", .text).notNull()
                table.column("prev_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
            try db.create(index: "audit_record_tenant_time", on: "audit_record", columns: ["tenant", "received_at"])
            try db.create(index: "audit_record_time", on: "audit_record", columns: ["received_at"])
            try db.create(table: "audit_checkpoint") { table in
                table.primaryKey("seq", .integer)
                table.column("hash", .text).notNull()
                table.column("created_at", .integer).notNull()
                table.column("public_key", .text).notNull()
                table.column("signature", .text).notNull()
            }
            try db.create(table: "audit_meta") { table in
                table.primaryKey("name", .text)
                table.column("value", .blob).notNull()
            }
        }
    }

    public func auditHead() async throws(AuditStorageError) -> AuditChainHead {
        try await auditRead { db in
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1") {
                return AuditChainHead(sequence: row["seq"], hash: row["hash"])
            }
            return try Self.anchor(db)
        }
    }

    public func auditAnchor() async throws(AuditStorageError) -> AuditChainHead {
        try await auditRead { db in try Self.anchor(db) }
    }

    public func appendAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) async throws(AuditStorageError) {
        try await auditWrite { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO audit_record (seq, id, request_id, tenant, status, received_at, body, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // Bound through SQLite's C API: this loop is the audit trail's hot path, and GRDB's
            // argument values cost more than the insert itself.
            let statement = insert.sqliteStatement
            for sealed in records {
                sqlite3_reset(statement)
                sqlite3_bind_int64(statement, 1, sealed.sequence)
                SQLiteText.bind(sealed.record.id, to: statement, at: 2)
                SQLiteText.bind(sealed.record.requestID, to: statement, at: 3)
                if let tenant = sealed.record.tenant { SQLiteText.bind(tenant, to: statement, at: 4) } else { sqlite3_bind_null(statement, 4) }
                sqlite3_bind_int64(statement, 5, Int64(sealed.record.status))
                sqlite3_bind_int64(statement, 6, sealed.record.receivedAt)
                SQLiteText.bind(sealed.body, to: statement, at: 7)
                SQLiteText.bind(sealed.previousHash, to: statement, at: 8)
                SQLiteText.bind(sealed.hash, to: statement, at: 9)
                let code = sqlite3_step(statement)
                guard code == SQLITE_DONE else {
                    let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                    sqlite3_reset(statement)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                }
            }
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            if let checkpoint {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO audit_checkpoint (seq, hash, created_at, public_key, signature) VALUES (?, ?, ?, ?, ?)",
                    arguments: [checkpoint.sequence, checkpoint.hash, checkpoint.createdAt, checkpoint.publicKey, checkpoint.signature])
            }
        }
    }

    public func auditRecords(after sequence: Int64, limit: Int) async throws(AuditStorageError) -> [StoredAuditRecord] {
        try await auditRead { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_record WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit]).map(Self.storedRecord)
        }
    }

    public func auditRecords(matching query: AuditQuery) async throws(AuditStorageError) -> [SealedAuditRecord] {
        var conditions = ["seq > ?"]
        var arguments: StatementArguments = [query.afterSequence]
        if let tenant = query.tenant {
            conditions.append("tenant = ?")
            arguments += [tenant]
        }
        if let from = query.from {
            conditions.append("received_at >= ?")
            arguments += [from]
        }
        if let to = query.to {
            conditions.append("received_at < ?")
            arguments += [to]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status]
        }
        arguments += [query.limit]
        let sql = "SELECT * FROM audit_record WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq LIMIT ?"
        let bound = arguments
        return try await auditRead { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { Self.storedRecord($0).sealed }
        }
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
            guard let last = try Row.fetchOne(
                db, sql: "SELECT seq, hash FROM audit_record WHERE seq <= (SELECT MAX(seq) FROM audit_record WHERE received_at < ?) ORDER BY seq DESC LIMIT 1",
                arguments: [cutoff])
            else { return 0 }
            let sequence: Int64 = last["seq"]
            let hash: String = last["hash"]
            try db.execute(sql: "DELETE FROM audit_record WHERE seq <= ?", arguments: [sequence])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM audit_checkpoint WHERE seq <= ?", arguments: [sequence])
            try db.execute(sql: "INSERT OR REPLACE INTO audit_meta (name, value) VALUES ('anchor_seq', ?), ('anchor_hash', ?)", arguments: [
                Data(String(sequence).utf8), Data(hash.utf8),
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
        let hash = try Data.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE name = 'anchor_hash'").map { String(decoding: $0, as: UTF8.self) }
        guard let sequence, let hash else { return .empty }
        return AuditChainHead(sequence: sequence, hash: hash)
    }

    private static let decoder = JSONDecoder()

    private static func storedRecord(_ row: Row) -> StoredAuditRecord {
        let body: String = row["body"]
        let decoded = try? decoder.decode(AuditRecord.self, from: Data(body.utf8))
        let record = decoded ?? AuditRecord(
            id: row["id"], requestID: row["request_id"], receivedAt: row["received_at"], firstByteAt: nil, doneAt: 0, tenant: row["tenant"],
            keyID: nil, endUser: nil, operation: "", model: nil, stream: nil, backend: nil, zone: nil, attempts: [], status: row["status"],
            errorCode: nil, tokensIn: nil, tokensOut: nil, gatewayMicros: 0, upstreamMicros: 0, content: nil)
        let indexMatches = decoded.map { decoded in
            decoded.id == row["id"] && decoded.requestID == row["request_id"] && decoded.tenant == row["tenant"]
                && decoded.status == row["status"] && decoded.receivedAt == row["received_at"]
        } ?? true
        return StoredAuditRecord(
            sealed: SealedAuditRecord(sequence: row["seq"], body: body, previousHash: row["prev_hash"], hash: row["hash"], record: record),
            indexMatchesBody: indexMatches)
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
