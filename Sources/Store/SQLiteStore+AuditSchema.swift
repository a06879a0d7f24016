import Audit
import Foundation
import GRDB

extension SQLiteStore {
    /// Registers v2, which created the audit trail's tables (v4 narrowed the record rows and
    /// replaced the per-record indexes with a block index).
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

    /// Registers v7, after v6 (tenant policies): each block keeps a filter of its end users,
    /// so that a search for one end user reads only the blocks that may hold them. Blocks
    /// written before have none and are always read.
    static func registerEndUserFilterMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: end users in the block index") { db in
            try db.execute(sql: "ALTER TABLE audit_block ADD COLUMN end_users BLOB")
        }
    }

    /// Registers v4, after v3 (approvals).
    static func registerAuditBlockMigration(_ migrator: inout DatabaseMigrator, progress: @escaping @Sendable (String) -> Void) {
        migrator.registerMigration("v4: narrower audit rows and a block index") { db in try narrowAuditRows(db, progress: progress) }
    }

    /// Rebuilds the record table with hashes as 32-byte blobs, without the columns nothing
    /// queries (`id`, `request_id`, both inside the hashed body) and without per-record
    /// indexes, and sums the records up in blocks of 1,000 for queries (``AuditBlock``), so
    /// that each append writes less. The chain is untouched: every hash keeps its value. A hash
    /// that is not valid hex (a tampered row) is kept as its text, which verification reports.
    private static func narrowAuditRows(_ db: Database, progress: (String) -> Void) throws {
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_record") ?? 0
        if total > 0 { progress("audit trail: rewriting \(total) records for schema v4 (once; about half a minute per million records)…") }
        try db.create(table: "audit_record_v4") { table in
            table.primaryKey("seq", .integer)
            table.column("tenant", .text)
            table.column("status", .integer).notNull()
            table.column("received_at", .integer).notNull()
            table.column("body", .text).notNull()
            table.column("prev_hash", .blob).notNull()
            table.column("hash", .blob).notNull()
        }
        try db.create(table: "audit_block") { table in
            table.primaryKey("last_seq", .integer)
            table.column("first_seq", .integer).notNull()
            table.column("received_from", .integer).notNull()
            table.column("received_to", .integer).notNull()
            table.column("tenants", .text)
        }
        let insert = try db.makeStatement(
            sql: "INSERT INTO audit_record_v4 (seq, tenant, status, received_at, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, tenant, status, received_at, body, prev_hash, hash FROM audit_record ORDER BY seq")
        var block: [SealedAuditRecord] = []
        var done = 0
        while let row = try rows.next() {
            let previous: String = row["prev_hash"]
            let hash: String = row["hash"]
            try insert.execute(arguments: [
                row["seq"], row["tenant"], row["status"], row["received_at"], row["body"], hashBlob(previous), hashBlob(hash),
            ])
            block.append(SealedAuditRecord(
                sequence: row["seq"], body: "", previousHash: .zero, hash: .zero, tenant: row["tenant"], status: row["status"],
                receivedAt: row["received_at"]))
            if block.count == 1000 {
                try AuditBlock(records: block, knowingEndUsers: false)?.insert(into: db)
                block.removeAll(keepingCapacity: true)
            }
            done += 1
            if done.isMultiple(of: 1_000_000) { progress("audit trail: \(done) of \(total) records rewritten") }
        }
        try AuditBlock(records: block, knowingEndUsers: false)?.insert(into: db)
        try db.drop(table: "audit_record")
        try db.rename(table: "audit_record_v4", to: "audit_record")
        if total > 0 { progress("audit trail: \(total) records rewritten; the space the old rows held is reused by new ones") }
    }

    /// The stored form of a hash written as hex: its 32 bytes, or the text itself when it is not a hash.
    private static func hashBlob(_ hex: String) -> Data {
        AuditHash(hex: hex).map { hash in hash.withUnsafeBytes { Data($0) } } ?? Data(hex.utf8)
    }
}
