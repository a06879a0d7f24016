import Store

/// Who is calling, as established by authentication — never by anything a model says.
public struct Caller: Sendable, Equatable {
    /// The API key's public id.
    public var keyID: String
    /// The tenant the key belongs to.
    public var tenant: String
    /// The key's role.
    public var role: Role

    /// Creates a caller.
    public init(keyID: String, tenant: String, role: Role) {
        self.keyID = keyID
        self.tenant = tenant
        self.role = role
    }
}
