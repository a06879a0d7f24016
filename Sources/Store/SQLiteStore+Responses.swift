import Foundation
import GRDB

extension SQLiteStore {
    /// The `stored_response` table: responses kept for the Responses API.
    static func registerResponseMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: stored responses") { db in
            try db.create(table: "stored_response") { table in
                table.primaryKey("id", .text)
                table.column("tenant", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("expires_at", .datetime).notNull().indexed()
                table.column("level", .integer).notNull()
                table.column("content", .text).notNull()
            }
        }
    }

    public func saveResponse(_ response: StoredResponse) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO stored_response (id, tenant, created_at, expires_at, level, content) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    response.id, response.tenant, StoredDate.text(response.createdAt), StoredDate.text(response.expiresAt), response.level, response.content,
                ])
        }
    }

    public func storedResponse(id: String, tenant: String, now: Date) async throws(StoreError) -> StoredResponse? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, tenant, created_at, expires_at, level, content FROM stored_response WHERE id = ? AND tenant = ? AND expires_at > ?",
                arguments: [id, tenant, StoredDate.text(now)]
            ).map { row in
                StoredResponse(
                    id: row["id"], tenant: row["tenant"], createdAt: StoredDate.date(in: row, column: "created_at") ?? Date(timeIntervalSince1970: 0),
                    expiresAt: StoredDate.date(in: row, column: "expires_at") ?? Date(timeIntervalSince1970: 0), level: row["level"], content: row["content"])
            }
        }
    }

    public func deleteResponse(id: String, tenant: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM stored_response WHERE id = ? AND tenant = ?", arguments: [id, tenant])
            return db.changesCount > 0
        }
    }

    public func pruneResponses(expiredBefore now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM stored_response WHERE expires_at <= ?", arguments: [StoredDate.text(now)])
            return db.changesCount
        }
    }
}
