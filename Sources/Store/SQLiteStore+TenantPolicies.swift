import Foundation
import GRDB

extension SQLiteStore {
    /// The `tenant_policy` table: each tenant's policy as last set through the admin API.
    static func registerTenantPolicyMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: tenant policies") { db in
            try db.create(table: "tenant_policy") { table in
                table.primaryKey("name", .text)
                table.column("policy", .text).notNull()
                table.column("updated_at", .datetime).notNull()
            }
        }
    }

    public func tenantPolicies() async throws(StoreError) -> [StoredTenantPolicy] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, policy, updated_at FROM tenant_policy ORDER BY name").map { row in
                StoredTenantPolicy(name: row["name"], policy: row["policy"], updatedAt: row["updated_at"])
            }
        }
    }

    public func setTenantPolicy(_ policy: StoredTenantPolicy) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO tenant (name, created_at) VALUES (?, ?)", arguments: [policy.name, policy.updatedAt])
            try db.execute(
                sql: "INSERT OR REPLACE INTO tenant_policy (name, policy, updated_at) VALUES (?, ?, ?)", arguments: [policy.name, policy.policy, policy.updatedAt])
        }
    }
}
