import Foundation
import PostgresNIO
import Store

/// Stored responses, shared by every instance.
extension PostgresStore {
    public func saveResponse(_ response: StoredResponse) async throws(StoreError) {
        _ = try await rows(
            "storing a response",
            """
            INSERT INTO stored_response (id, tenant, created_at, expires_at, level, content)
            VALUES (\(response.id), \(response.tenant), \(response.createdAt), \(response.expiresAt), \(response.level), \(response.content))
            """)
    }

    public func storedResponse(id: String, tenant: String, now: Date) async throws(StoreError) -> StoredResponse? {
        try await rows(
            "reading a stored response",
            "SELECT id, tenant, created_at, expires_at, level, content FROM stored_response WHERE id = \(id) AND tenant = \(tenant) AND expires_at > \(now)"
        ).compactMap { row -> StoredResponse? in
            guard let (id, tenant, createdAt, expiresAt, level, content) = try? row.decode((String, String, Date, Date, Int, String).self) else { return nil }
            return StoredResponse(id: id, tenant: tenant, createdAt: createdAt, expiresAt: expiresAt, level: level, content: content)
        }.first
    }

    public func deleteResponse(id: String, tenant: String) async throws(StoreError) -> Bool {
        !(try await rows("deleting a stored response", "DELETE FROM stored_response WHERE id = \(id) AND tenant = \(tenant) RETURNING id")).isEmpty
    }

    public func pruneResponses(expiredBefore now: Date) async throws(StoreError) -> Int {
        try await rows("pruning stored responses", "DELETE FROM stored_response WHERE expires_at <= \(now) RETURNING id").count
    }
}
