import Foundation
import PostgresNIO
import Store

/// Pending write calls, decided once whichever instance the approver reaches.
extension PostgresStore {
    private static let approvalColumns =
        "id, tenant, requester_key, end_user, scenario, request_id, tool, arguments, summary, status, created_at, expires_at, decided_by, decided_by_user, decided_at, result"

    public func createApproval(_ record: ApprovalRecord) async throws(StoreError) {
        _ = try await rows(
            "storing an approval",
            """
            INSERT INTO approval (id, tenant, requester_key, end_user, scenario, request_id, tool, arguments, summary, status, created_at, expires_at)
            VALUES (\(record.id), \(record.tenant), \(record.requesterKeyID), \(record.endUser), \(record.scenario), \(record.requestID), \(record.tool),
                    \(record.arguments), \(record.summary), \(record.status.rawValue), \(record.createdAt.timeIntervalSince1970), \(record.expiresAt.timeIntervalSince1970))
            """)
    }

    public func approval(id: String, tenant: String?) async throws(StoreError) -> ApprovalRecord? {
        try await rows("reading an approval", "SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE id = \(id)").compactMap(Self.approvalRecord)
            .first { tenant == nil || $0.tenant == tenant }
    }

    public func approvals(tenant: String?, status: ApprovalRecord.Status?, limit: Int) async throws(StoreError) -> [ApprovalRecord] {
        let found =
            switch (tenant, status) {
            case (nil, nil):
                try await rows("listing approvals", "SELECT \(unescaped: Self.approvalColumns) FROM approval ORDER BY created_at DESC LIMIT \(limit)")
            case (let tenant?, nil):
                try await rows("listing approvals", "SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE tenant = \(tenant) ORDER BY created_at DESC LIMIT \(limit)")
            case (nil, let status?):
                try await rows("listing approvals", "SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE status = \(status.rawValue) ORDER BY created_at DESC LIMIT \(limit)")
            case (let tenant?, let status?):
                try await rows(
                    "listing approvals",
                    "SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE tenant = \(tenant) AND status = \(status.rawValue) ORDER BY created_at DESC LIMIT \(limit)")
            }
        return found.compactMap(Self.approvalRecord)
    }

    public func decideApproval(id: String, tenant: String?, approve: Bool, by keyID: String, user: String?, at now: Date) async throws(StoreError) -> ApprovalDecisionOutcome {
        try await transaction("deciding an approval") { [logger] connection -> ApprovalDecisionOutcome in
            var found: ApprovalRecord?
            // FOR UPDATE: two approvers on two instances decide one after the other.
            for try await row in try await connection.query("SELECT \(unescaped: Self.approvalColumns) FROM approval WHERE id = \(id) FOR UPDATE", logger: logger) {
                found = Self.approvalRecord(row)
            }
            guard let record = found, tenant == nil || record.tenant == tenant else { return .notFound }
            switch record.deciding(approve: approve, by: keyID, user: user, at: now) {
            case .unchanged:
                return .unchanged(record)
            case .expire(let expired):
                try await connection.query("UPDATE approval SET status = 'expired' WHERE id = \(id) AND status = 'pending'", logger: logger)
                return .unchanged(expired)
            case .decide(let decided):
                try await connection.query(
                    "UPDATE approval SET status = \(decided.status.rawValue), decided_by = \(keyID), decided_by_user = \(user), decided_at = \(now.timeIntervalSince1970) WHERE id = \(id)",
                    logger: logger)
                return .decided(decided)
            }
        }
    }

    public func recordApprovalResult(id: String, result: String) async throws(StoreError) {
        _ = try await rows("storing an approval's result", "UPDATE approval SET result = \(result) WHERE id = \(id)")
    }

    private static func approvalRecord(_ row: PostgresRow) -> ApprovalRecord? {
        try? decodeApproval(row.makeRandomAccess())
    }

    /// A row's approval; throws when a cell does not decode (a NULL in an optional column is nil).
    private static func decodeApproval(_ cells: PostgresRandomAccessRow) throws -> ApprovalRecord? {
        guard let status = ApprovalRecord.Status(rawValue: try cells[9].decode(String.self)) else { return nil }
        let decidedAt = try cells[14].decode(Double?.self)
        return ApprovalRecord(
            id: try cells[0].decode(String.self), tenant: try cells[1].decode(String.self), requesterKeyID: try cells[2].decode(String.self),
            endUser: try cells[3].decode(String?.self), scenario: try cells[4].decode(String?.self), requestID: try cells[5].decode(String.self),
            tool: try cells[6].decode(String.self), arguments: try cells[7].decode(String.self), summary: try cells[8].decode(String.self), status: status,
            createdAt: Date(timeIntervalSince1970: try cells[10].decode(Double.self)), expiresAt: Date(timeIntervalSince1970: try cells[11].decode(Double.self)),
            decidedBy: try cells[12].decode(String?.self), decidedByUser: try cells[13].decode(String?.self),
            decidedAt: decidedAt.map(Date.init(timeIntervalSince1970:)), result: try cells[15].decode(String?.self))
    }
}
