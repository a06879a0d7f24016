import Audit
import Foundation
import Privacy
import Store
import Wire

/// Keeps Responses API answers for follow-ups and for `GET /v1/responses/{id}`: each is sealed
/// with AES-256-GCM (the text never reaches the database in the clear), belongs to its tenant,
/// carries the data level of its conversation, and expires after `responses.keep_for`.
public struct ResponseArchive: Sendable {
    /// A response as it was kept.
    public struct Entry: Sendable {
        /// The response object.
        public var response: JSONValue
        /// The conversation it ends, as Chat messages (without instructions).
        public var conversation: [JSONValue]
        /// The highest data level the conversation held.
        public var level: DataLevel
    }

    private let storage: any ResponseStorage
    private let sealer: ContentSealer
    private let keepFor: Duration
    private let now: @Sendable () -> Date

    /// An archive in `storage`, sealing with `sealer`, keeping each response for `keepFor`.
    public init(storage: any ResponseStorage, sealer: ContentSealer, keepFor: Duration, now: @escaping @Sendable () -> Date = Date.init) {
        self.storage = storage
        self.sealer = sealer
        self.keepFor = keepFor
        self.now = now
    }

    /// Keeps a response, durably, before returning.
    func save(id: String, tenant: String, level: DataLevel, response: JSONValue, conversation: [JSONValue]) async throws(APIError) {
        let plain = JSONValue.object(["response": response, "conversation": .array(conversation)]).encoded
        guard let sealed = sealer.seal(Data(plain)) else { throw Self.unavailable("could not be encrypted") }
        let created = now()
        do {
            try await storage.saveResponse(
                StoredResponse(id: id, tenant: tenant, createdAt: created, expiresAt: created.addingTimeInterval(TimeInterval(keepFor.wholeMicroseconds) / 1e6), level: level.rawValue, content: sealed.sealed))
        } catch {
            throw Self.unavailable("could not be stored (\(error.message))")
        }
    }

    /// `tenant`'s response `id`; a 404 when there is none (another tenant's, expired, deleted).
    public func load(id: String, tenant: String, param: String? = nil) async throws(APIError) -> Entry {
        let stored: StoredResponse?
        do {
            stored = try await storage.storedResponse(id: id, tenant: tenant, now: now())
        } catch {
            throw Self.unavailable("could not be read (\(error.message))")
        }
        guard let stored else {
            throw APIError(
                status: 404, type: "invalid_request_error", code: param == nil ? "response_not_found" : "previous_response_not_found",
                message: "There is no stored response '\(id)' for this key's tenant (it may have expired, been deleted, or been made with store: false).",
                param: param)
        }
        guard let plain = sealer.open(SealedContent(algorithm: "AES-256-GCM", sealed: stored.content)),
              let content = try? JSONValue.parse(Array(plain)), let response = content["response"], let conversation = content["conversation"]?.arrayValue
        else { throw Self.unavailable("could not be decrypted: responses.content_key is not the key it was stored under") }
        return Entry(response: response, conversation: conversation, level: DataLevel(rawValue: stored.level) ?? .important5)
    }

    /// Deletes `tenant`'s response `id`; false when there is none.
    public func delete(id: String, tenant: String) async throws(APIError) -> Bool {
        do {
            return try await storage.deleteResponse(id: id, tenant: tenant)
        } catch {
            throw Self.unavailable("could not be deleted (\(error.message))")
        }
    }

    /// Deletes the expired responses; returns how many.
    public func prune() async throws(StoreError) -> Int {
        try await storage.pruneResponses(expiredBefore: now())
    }

    private static func unavailable(_ what: String) -> APIError {
        APIError(status: 503, type: "api_error", code: "response_store_unavailable", message: "The stored response \(what). Try again; operators see the cause in the log.")
    }
}
