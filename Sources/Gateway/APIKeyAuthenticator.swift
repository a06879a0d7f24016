import Foundation
import Store
import Synchronization
import Wire

/// Turns an `Authorization: Bearer …` header into a ``Caller``.
///
/// Valid keys are cached in memory for `cacheLifetime` (default 5 s), so the hot path does not
/// touch the store; a revoked key therefore stops working within that time. Unknown keys are
/// never cached, so a key created a moment ago works at once.
public final class APIKeyAuthenticator: Sendable {
    private struct CachedKey {
        let record: APIKeyRecord
        let expires: ContinuousClock.Instant
    }

    private let store: any Store
    private let cacheLifetime: Duration
    private let cache = Mutex<[String: CachedKey]>([:])
    private static let maximumCachedKeys = 10_000

    /// Creates an authenticator backed by `store`.
    public init(store: any Store, cacheLifetime: Duration = .seconds(5)) {
        self.store = store
        self.cacheLifetime = cacheLifetime
    }

    /// The caller the header identifies, or a 401 error.
    public func authenticate(authorization: String?) async throws(APIError) -> Caller {
        guard let authorization, !authorization.isEmpty else {
            throw .invalidAPIKey("No API key was sent. Send it in the header 'Authorization: Bearer sk-sb-…'; create keys with 'switchboard keys create'.")
        }
        guard let secret = BearerToken.parse(authorization) else {
            throw .invalidAPIKey("The Authorization header must be 'Bearer <key>'.")
        }
        let digest = APIKeySecret.digest(secret)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[digest] }), cached.expires > now {
            return Self.caller(cached.record)
        }
        let record: APIKeyRecord?
        do {
            record = try await store.activeKey(digest: digest)
        } catch {
            throw APIError(status: 503, type: "api_error", code: "store_unavailable", message: "The key store is unavailable; try again shortly. (\(error.message))")
        }
        guard let record else {
            throw .invalidAPIKey("Incorrect API key provided: \(Self.masked(secret)). Check the key, or create one with 'switchboard keys create'.")
        }
        cache.withLock { cache in
            if cache.count >= Self.maximumCachedKeys { cache.removeAll(keepingCapacity: true) }
            cache[digest] = CachedKey(record: record, expires: now + cacheLifetime)
        }
        return Self.caller(record)
    }

    private static func caller(_ record: APIKeyRecord) -> Caller {
        Caller(keyID: record.id, tenant: record.tenant, role: record.role)
    }

    /// A key shown the way OpenAI shows one: the start and the last four characters.
    private static func masked(_ secret: String) -> String {
        guard secret.count > 12 else { return "****" }
        return "\(secret.prefix(8))…\(secret.suffix(4))"
    }
}
