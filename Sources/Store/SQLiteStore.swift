import Foundation
import GRDB

/// The embedded store: one SQLite database in WAL mode, opened through GRDB.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path`, with its folder, and migrates it;
    /// `progress` hears how a long migration goes (a line at its start and every million rows).
    public init(path: String, progress: @escaping @Sendable (String) -> Void = { _ in }) throws(StoreError) {
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try Self.openDurablePool(path: path, configuration: configuration)
            try Self.migrator(progress: progress).migrate(pool)
        } catch {
            throw StoreError("cannot open the SQLite store at \(path): \(error)")
        }
    }

    /// Opens a GRDB pool (WAL) at `path` whose writer syncs every commit (`synchronous = FULL`;
    /// group commit keeps that affordable for the audit trail) and keeps a page cache of
    /// ``writerCacheKiB``.
    public static func openDurablePool(path: String, configuration: Configuration = Configuration()) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Set on the one writer connection once the pool is open: opening it in WAL mode sets
        // NORMAL, after anything `prepareDatabase` set.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -\(writerCacheKiB)")
        }
        return pool
    }

    /// The writer's page cache. It mostly appends (audit records, usage rows), so the pages it
    /// needs again are the right-hand edges of a few tables and indexes; the operating system's
    /// page cache holds the rest. SQLite's default, 2 MiB, was resident memory it never reused.
    public static let writerCacheKiB = 512

    /// A `PRAGMA` the writer connection runs with, such as `synchronous` (2 is FULL: every
    /// commit is synced) or `cache_size` (negative: KiB).
    func writerPragma(_ name: WriterPragma) async throws(StoreError) -> Int {
        do {
            return try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA \(name.rawValue)") ?? Int.min }
        } catch {
            throw StoreError("cannot read the store's \(name.rawValue): \(error)")
        }
    }

    /// The writer's settings ``writerPragma(_:)`` reads.
    enum WriterPragma: String {
        case synchronous
        case cacheSize = "cache_size"
    }

    private static func migrator(progress: @escaping @Sendable (String) -> Void) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tenants and keys") { db in
            try db.create(table: "tenant") { table in
                table.primaryKey("name", .text)
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "api_key") { table in
                table.primaryKey("id", .text)
                table.column("tenant", .text).notNull().references("tenant")
                table.column("role", .text).notNull()
                table.column("digest", .text).notNull().unique()
                table.column("prefix", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("revoked_at", .datetime)
            }
        }
        registerAuditMigrations(&migrator)
        registerApprovalMigrations(&migrator)
        registerAuditBlockMigration(&migrator, progress: progress)
        registerUsageMigration(&migrator)
        registerTenantPolicyMigration(&migrator)
        registerEndUserFilterMigration(&migrator)
        registerResponseMigration(&migrator)
        return migrator
    }

    public func createKey(tenant: String, role: Role) async throws(StoreError) -> CreatedAPIKey {
        let (created, digest) = CreatedAPIKey.generate(tenant: tenant, role: role)
        let record = created.record
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO tenant (name, created_at) VALUES (?, ?)", arguments: [tenant, StoredDate.text(record.createdAt)])
            try db.execute(
                sql: "INSERT INTO api_key (id, tenant, role, digest, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [record.id, tenant, role.rawValue, digest, record.prefix, StoredDate.text(record.createdAt)])
        }
        return created
    }

    public func listKeys() async throws(StoreError) -> [APIKeyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_key ORDER BY created_at DESC, id").compactMap(Self.keyRecord)
        }
    }

    public func revokeKey(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [StoredDate.text(Date()), id])
            return db.changesCount > 0
        }
    }

    public func activeKey(digest: String) async throws(StoreError) -> APIKeyRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_key WHERE digest = ? AND revoked_at IS NULL", arguments: [digest]).flatMap(Self.keyRecord)
        }
    }

    public func keyCount(role: Role?) async throws(StoreError) -> Int {
        try await read { db in
            if let role {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_key WHERE role = ?", arguments: [role.rawValue]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_key") ?? 0
        }
    }

    public func tenantNames() async throws(StoreError) -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT name FROM tenant ORDER BY name") }
    }

    public func ping() async throws(StoreError) {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// The record of a row; nil for a role this version does not know, so such a key grants nothing.
    private static func keyRecord(_ row: Row) -> APIKeyRecord? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return APIKeyRecord(
            id: row["id"], tenant: row["tenant"], role: role, prefix: row["prefix"],
            createdAt: StoredDate.date(in: row, column: "created_at") ?? Date(timeIntervalSince1970: 0),
            revokedAt: StoredDate.date(in: row, column: "revoked_at"))
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError("SQLite read failed: \(error)")
        }
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw StoreError("SQLite write failed: \(error)")
        }
    }
}
