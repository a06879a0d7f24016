import Foundation

/// A stored API key. The secret itself is never stored, only its SHA-256 digest.
public struct APIKeyRecord: Sendable, Equatable {
    /// Public identifier, e.g. `key_3f9a1c0d2b7e`; safe to log.
    public var id: String
    /// The tenant the key belongs to.
    public var tenant: String
    /// What the key may do.
    public var role: Role
    /// The first characters of the secret, to help people recognise a key in lists.
    public var prefix: String
    /// When it was created.
    public var createdAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?

    /// Creates a record.
    public init(id: String, tenant: String, role: Role, prefix: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// True until revoked.
    public var isActive: Bool { revokedAt == nil }
}

/// A newly created key: its record and the secret, which is shown once and never again.
public struct CreatedAPIKey: Sendable {
    /// The stored record.
    public var record: APIKeyRecord
    /// The secret to give to the key's holder.
    public var secret: String

    /// Creates a created key.
    public init(record: APIKeyRecord, secret: String) {
        self.record = record
        self.secret = secret
    }

    /// A new key for `tenant` with `role`: its secret, record and the digest a store keeps.
    public static func generate(tenant: String, role: Role, at now: Date = Date()) -> (key: CreatedAPIKey, digest: String) {
        let secret = APIKeySecret.generate()
        let record = APIKeyRecord(
            id: APIKeySecret.generateIdentifier(), tenant: tenant, role: role, prefix: String(secret.prefix(APIKeySecret.prefix.count + 4)),
            createdAt: now, revokedAt: nil)
        return (CreatedAPIKey(record: record, secret: secret), APIKeySecret.digest(secret))
    }
}
