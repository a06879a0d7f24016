import Foundation

/// A response kept for the Responses API (`store: true`): its owner, when it expires, the data
/// level of what it holds, and its content sealed (the gateway encrypts it before it gets here).
public struct StoredResponse: Sendable, Equatable {
    /// The response id, `resp_…`.
    public var id: String
    /// The tenant whose key made it; no other tenant can read it.
    public var tenant: String
    /// When it was made.
    public var createdAt: Date
    /// When it stops being found.
    public var expiresAt: Date
    /// The highest data level of the conversation it ends (1–5).
    public var level: Int
    /// The sealed content: the response object and the conversation, encrypted.
    public var content: String

    /// Creates a stored response.
    public init(id: String, tenant: String, createdAt: Date, expiresAt: Date, level: Int, content: String) {
        self.id = id
        self.tenant = tenant
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.level = level
        self.content = content
    }
}

/// Where stored responses are kept. Each is written durably before ``saveResponse(_:)`` returns.
public protocol ResponseStorage: Sendable {
    /// Keeps a response.
    func saveResponse(_ response: StoredResponse) async throws(StoreError)
    /// The response with `id` of `tenant`, unless it has expired by `now`.
    func storedResponse(id: String, tenant: String, now: Date) async throws(StoreError) -> StoredResponse?
    /// Deletes `tenant`'s response `id`; false when there is none.
    func deleteResponse(id: String, tenant: String) async throws(StoreError) -> Bool
    /// Deletes every response expired before `now`; returns how many.
    func pruneResponses(expiredBefore now: Date) async throws(StoreError) -> Int
}
