import Audit
import Foundation
import GRDB
import GRDBSQLite

/// One entry of the audit trail's query index: a run of consecutive records (one committed
/// batch) with the earliest and latest times received in it and the tenants it holds.
///
/// Appends add one block per commit instead of an index entry per record, so the trail's
/// write path maintains no per-record index; a query reads the blocks that may hold a match and
/// then only the records inside them (a block-range index, like PostgreSQL's BRIN or a
/// ClickHouse skip index). A block may claim more than it holds, never less: verification
/// checks that every record lies inside its block's ranges.
struct AuditBlock: Equatable {
    /// The first record's sequence number.
    var firstSequence: Int64
    /// The last record's sequence number (the table's key).
    var lastSequence: Int64
    /// The earliest time received among the records (Unix epoch milliseconds).
    var receivedFrom: Int64
    /// The latest time received among the records.
    var receivedTo: Int64
    /// The tenants, each between two newlines; nil when there are more than ``maxTenants``
    /// (the block then may hold any tenant).
    var tenants: String?
    /// The end users the records name, as a ``MembershipFilter``; nil when the block predates it
    /// (the block then may hold any end user).
    var endUsers: MembershipFilter?

    /// Beyond this many tenants a block lists none and matches every tenant.
    static let maxTenants = 64

    /// The block summing up `records` (consecutive, in order); nil for none. `knowingEndUsers`:
    /// the records were just sealed, so their end users are known (records read back from
    /// storage carry none, and their block must then match any end user).
    init?(records: some Collection<SealedAuditRecord>, knowingEndUsers: Bool) {
        guard let first = records.first else { return nil }
        firstSequence = first.sequence
        lastSequence = first.sequence
        receivedFrom = first.receivedAt
        receivedTo = first.receivedAt
        var names = Set<String>()
        var users = MembershipFilter(capacity: records.count)
        for record in records {
            if let user = record.endUser { users.insert(user) }
            lastSequence = max(lastSequence, record.sequence)
            receivedFrom = min(receivedFrom, record.receivedAt)
            receivedTo = max(receivedTo, record.receivedAt)
            if let tenant = record.tenant, names.count <= Self.maxTenants { names.insert(tenant) }
        }
        tenants = names.count > Self.maxTenants ? nil : "\n" + names.sorted().joined(separator: "\n") + "\n"
        endUsers = knowingEndUsers ? users : nil
    }

    /// A block as stored.
    init(row: Row) {
        firstSequence = row["first_seq"]
        lastSequence = row["last_seq"]
        receivedFrom = row["received_from"]
        receivedTo = row["received_to"]
        tenants = row["tenants"]
        endUsers = (row["end_users"] as Data?).flatMap { MembershipFilter(bytes: Array($0)) }
    }

    /// Whether the block may hold a record of `endUser`.
    func mayHold(endUser: String) -> Bool {
        endUsers?.mayContain(endUser) ?? true
    }

    /// What a block's tenant list contains when it holds `tenant`.
    static func needle(tenant: String) -> String {
        "\n" + tenant + "\n"
    }

    /// Whether the block's ranges take in `record`.
    func covers(_ record: SealedAuditRecord) -> Bool {
        // Compared one bound at a time: a tampered block may hold bounds in the wrong order.
        guard firstSequence <= record.sequence, record.sequence <= lastSequence, receivedFrom <= record.receivedAt, record.receivedAt <= receivedTo
        else { return false }
        guard let tenants, let tenant = record.tenant else { return true }
        return tenants.contains(Self.needle(tenant: tenant))
    }

    /// Stores the block.
    func insert(into db: Database) throws {
        // A prepared statement bound through SQLite's C API: one block is written with every
        // commit, so at one request at a time this runs once per request, on its path. A block
        // without end users is inserted without the column, the form schema v4 wrote (its
        // migration runs before v7 adds the column).
        let sql = endUsers == nil
            ? "INSERT INTO audit_block (last_seq, first_seq, received_from, received_to, tenants) VALUES (?, ?, ?, ?, ?)"
            : "INSERT INTO audit_block (last_seq, first_seq, received_from, received_to, tenants, end_users) VALUES (?, ?, ?, ?, ?, ?)"
        let statement = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, lastSequence)
        sqlite3_bind_int64(statement, 2, firstSequence)
        sqlite3_bind_int64(statement, 3, receivedFrom)
        sqlite3_bind_int64(statement, 4, receivedTo)
        SQLiteBinding.bind(tenants, to: statement, at: 5)
        endUsers?.bytes.withUnsafeBytes { SQLiteBinding.bind($0, to: statement, at: 6) }
        try SQLiteBinding.step(statement, in: db)
        sqlite3_clear_bindings(statement)
    }

    /// The blocks that take in any of the records from `first` to `last`, in order.
    static func blocks(spanning first: Int64, through last: Int64, in db: Database) throws -> [AuditBlock] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM audit_block WHERE last_seq >= ? AND first_seq <= ? ORDER BY last_seq", arguments: [first, last]
        ).map(AuditBlock.init(row:))
    }
}
