import Foundation
import Audit
import Pool

/// A failure of the state store, with what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Persistent state: tenants, API keys and the audit trail.
///
/// Implementations keep their SQL dialect to themselves; callers see only these operations.
public protocol Store: AuditStorage, ApprovalStorage, UsageStorage, ResponseStorage {
    /// Creates a key for `tenant` (creating the tenant on first use) and returns its secret.
    func createKey(tenant: String, role: Role) async throws(StoreError) -> CreatedAPIKey
    /// All keys, newest first, revoked ones included.
    func listKeys() async throws(StoreError) -> [APIKeyRecord]
    /// Revokes a key; false when no active key has that id.
    func revokeKey(id: String) async throws(StoreError) -> Bool
    /// The active key whose secret has this digest.
    func activeKey(digest: String) async throws(StoreError) -> APIKeyRecord?
    /// How many keys with `role` (any role when nil) were ever created, revoked ones included.
    func keyCount(role: Role?) async throws(StoreError) -> Int
    /// The names of all tenants.
    func tenantNames() async throws(StoreError) -> [String]
    /// Every tenant policy set through the admin API, by name.
    func tenantPolicies() async throws(StoreError) -> [StoredTenantPolicy]
    /// Keeps a tenant's policy (creating the tenant on first use), replacing any before it.
    func setTenantPolicy(_ policy: StoredTenantPolicy) async throws(StoreError)
    /// Checks that the store answers.
    func ping() async throws(StoreError)
}

/// A tenant's policy as set through the admin API: JSON with the configuration's keys.
public struct StoredTenantPolicy: Sendable, Equatable {
    /// The tenant.
    public var name: String
    /// The policy, as JSON text.
    public var policy: String
    /// When it was set.
    public var updatedAt: Date

    /// Creates a stored policy.
    public init(name: String, policy: String, updatedAt: Date) {
        self.name = name
        self.policy = policy
        self.updatedAt = updatedAt
    }
}
