import Foundation
import PostgresNIO
import Store

/// API keys, tenants and their policies.
extension PostgresStore {
    public func createKey(tenant: String, role: Role) async throws(StoreError) -> CreatedAPIKey {
        let (created, digest) = CreatedAPIKey.generate(tenant: tenant, role: role)
        let record = created.record
        try await transaction("creating a key") { [logger] connection in
            try await connection.query("INSERT INTO tenant (name, created_at) VALUES (\(tenant), \(record.createdAt)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query(
                "INSERT INTO api_key (id, tenant, role, digest, prefix, created_at) VALUES (\(record.id), \(tenant), \(role.rawValue), \(digest), \(record.prefix), \(record.createdAt))",
                logger: logger)
        }
        return created
    }

    public func listKeys() async throws(StoreError) -> [APIKeyRecord] {
        try await rows("listing keys", "SELECT id, tenant, role, prefix, created_at, revoked_at FROM api_key ORDER BY created_at DESC, id").compactMap(Self.keyRecord)
    }

    public func revokeKey(id: String) async throws(StoreError) -> Bool {
        let revoked = try await rows("revoking a key", "UPDATE api_key SET revoked_at = \(Date()) WHERE id = \(id) AND revoked_at IS NULL RETURNING id")
        return !revoked.isEmpty
    }

    public func activeKey(digest: String) async throws(StoreError) -> APIKeyRecord? {
        try await rows("finding a key", "SELECT id, tenant, role, prefix, created_at, revoked_at FROM api_key WHERE digest = \(digest) AND revoked_at IS NULL")
            .compactMap(Self.keyRecord).first
    }

    public func keyCount(role: Role?) async throws(StoreError) -> Int {
        let found =
            if let role {
                try await rows("counting keys", "SELECT COUNT(*) FROM api_key WHERE role = \(role.rawValue)")
            } else {
                try await rows("counting keys", "SELECT COUNT(*) FROM api_key")
            }
        return found.first.flatMap { try? $0.decode(Int.self) } ?? 0
    }

    public func tenantNames() async throws(StoreError) -> [String] {
        try await rows("listing tenants", "SELECT name FROM tenant ORDER BY name").compactMap { try? $0.decode(String.self) }
    }

    public func tenantPolicies() async throws(StoreError) -> [StoredTenantPolicy] {
        try await rows("reading tenant policies", "SELECT name, policy, updated_at FROM tenant_policy ORDER BY name").compactMap { row in
            guard let (name, policy, updatedAt) = try? row.decode((String, String, Date).self) else { return nil }
            return StoredTenantPolicy(name: name, policy: policy, updatedAt: updatedAt)
        }
    }

    public func setTenantPolicy(_ policy: StoredTenantPolicy) async throws(StoreError) {
        try await transaction("storing a tenant policy") { [logger] connection in
            try await connection.query("INSERT INTO tenant (name, created_at) VALUES (\(policy.name), \(policy.updatedAt)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query(
                """
                INSERT INTO tenant_policy (name, policy, updated_at) VALUES (\(policy.name), \(policy.policy), \(policy.updatedAt))
                ON CONFLICT (name) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at
                """, logger: logger)
        }
    }

    public func ping() async throws(StoreError) {
        _ = try await rows("answering", "SELECT 1")
    }

    /// The record of a row; nil for a role this version does not know, so such a key grants nothing.
    private static func keyRecord(_ row: PostgresRow) -> APIKeyRecord? {
        guard let (id, tenant, roleName, prefix, createdAt, revokedAt) = try? row.decode((String, String, String, String, Date, Date?).self),
              let role = Role(rawValue: roleName)
        else { return nil }
        return APIKeyRecord(id: id, tenant: tenant, role: role, prefix: prefix, createdAt: createdAt, revokedAt: revokedAt)
    }
}
