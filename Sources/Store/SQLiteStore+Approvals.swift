import Foundation
import GRDB

/// Pending write calls in SQLite.
extension SQLiteStore {
    static func registerApprovalMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: approvals") { db in
            try db.create(table: "approval") { table in
                table.primaryKey("id", .text)
                table.column("tenant", .text).notNull()
                table.column("requester_key", .text).notNull()
                table.column("end_user", .text)
                table.column("scenario", .text)
                table.column("request_id", .text).notNull()
                table.column("tool", .text).notNull()
                table.column("arguments", .text).notNull()
                table.column("summary", .text).notNull()
                table.column("status", .text).notNull()
                table.column("created_at", .double).notNull()
                table.column("expires_at", .double).notNull()
                table.column("decided_by", .text)
                table.column("decided_by_user", .text)
                table.column("decided_at", .double)
                table.column("result", .text)
            }
            try db.create(index: "approval_tenant_status", on: "approval", columns: ["tenant", "status", "created_at"])
        }
    }

    public func createApproval(_ record: ApprovalRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO approval (id, tenant, requester_key, end_user, scenario, request_id, tool, arguments, summary, status, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, record.tenant, record.requesterKeyID, record.endUser, record.scenario, record.requestID, record.tool,
                    record.arguments, record.summary, record.status.rawValue, record.createdAt.timeIntervalSince1970, record.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    public func approval(id: String, tenant: String?) async throws(StoreError) -> ApprovalRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM approval WHERE id = ?", arguments: [id]).flatMap(Self.approvalRecord)
                .flatMap { tenant == nil || $0.tenant == tenant ? $0 : nil }
        }
    }

    public func approvals(tenant: String?, status: ApprovalRecord.Status?, limit: Int) async throws(StoreError) -> [ApprovalRecord] {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let tenant {
                conditions.append("tenant = ?")
                arguments += [tenant]
            }
            if let status {
                conditions.append("status = ?")
                arguments += [status.rawValue]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(db, sql: "SELECT * FROM approval \(filter) ORDER BY created_at DESC LIMIT ?", arguments: arguments)
                .compactMap(Self.approvalRecord)
        }
    }

    public func decideApproval(id: String, tenant: String?, approve: Bool, by keyID: String, user: String?, at now: Date) async throws(StoreError) -> ApprovalDecisionOutcome {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM approval WHERE id = ?", arguments: [id]), let record = Self.approvalRecord(row),
                tenant == nil || record.tenant == tenant
            else { return .notFound }
            switch record.deciding(approve: approve, by: keyID, user: user, at: now) {
            case .unchanged:
                return .unchanged(record)
            case .expire(let expired):
                try db.execute(sql: "UPDATE approval SET status = 'expired' WHERE id = ? AND status = 'pending'", arguments: [id])
                return .unchanged(expired)
            case .decide(let decided):
                try db.execute(
                    sql: "UPDATE approval SET status = ?, decided_by = ?, decided_by_user = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
                    arguments: [decided.status.rawValue, keyID, user, now.timeIntervalSince1970, id])
                return db.changesCount == 1 ? .decided(decided) : .unchanged(record)
            }
        }
    }

    public func recordApprovalResult(id: String, result: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE approval SET result = ? WHERE id = ?", arguments: [result, id])
        }
    }

    private static func approvalRecord(_ row: Row) -> ApprovalRecord? {
        guard let status = ApprovalRecord.Status(rawValue: row["status"]) else { return nil }
        let decidedAt: Double? = row["decided_at"]
        return ApprovalRecord(
            id: row["id"], tenant: row["tenant"], requesterKeyID: row["requester_key"], endUser: row["end_user"], scenario: row["scenario"],
            requestID: row["request_id"], tool: row["tool"], arguments: row["arguments"], summary: row["summary"], status: status,
            createdAt: Date(timeIntervalSince1970: row["created_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
            decidedBy: row["decided_by"], decidedByUser: row["decided_by_user"], decidedAt: decidedAt.map(Date.init(timeIntervalSince1970:)),
            result: row["result"])
    }
}
