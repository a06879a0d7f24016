import Foundation
import Store
import Synchronization
import Wire

/// Turns an `Authorization: Bearer …` header into a ``Caller``.
///
/// Valid keys are cached in memory for `cacheLifetime` (default 5 s), so the hot path does not
/// touch the store; a revoked key therefore stops working within that time. Unknown keys are
/// remembered for `unknownKeyLifetime` (default 2 s), so a client retrying a wrong key in a loop
/// costs one store read per that time, not one per request; a key created just after it was
/// tried works once that time has passed. Each table holds at most 10,000 keys and is emptied
/// when full.
public final class APIKeyAuthenticator: Sendable {
    private struct CachedKey {
        let record: APIKeyRecord
        let expires: ContinuousClock.Instant
    }

    private let store: any Store
    private let cacheLifetime: Duration
    private let unknownKeyLifetime: Duration
    private let cache = Mutex<[String: CachedKey]>([:])
    private let unknown = Mutex<[String: ContinuousClock.Instant]>([:])
    private let clock: @Sendable () -> ContinuousClock.Instant
    private static let maximumCachedKeys = 10_000

    /// Creates an authenticator backed by `store`; `clock` tells the time (injected by tests).
    public init(
        store: any Store, cacheLifetime: Duration = .seconds(5), unknownKeyLifetime: Duration = .seconds(2),
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.store = store
        self.cacheLifetime = cacheLifetime
        self.unknownKeyLifetime = unknownKeyLifetime
        self.clock = clock
    }

    /// The caller the header identifies, or a 401 error.
    public func authenticate(authorization: String?) async throws(APIError) -> Caller {
        guard let authorization, !authorization.isEmpty else {
            throw .invalidAPIKey("No API key was sent. Send it in the header 'Authorization: Bearer sk-sb-…'; create keys with 'switchboard keys create'.")
        }
        guard let secret = BearerToken.parse(authorization) else {
            throw .invalidAPIKey("The Authorization header must be 'Bearer <key>'.")
        }
        return try await authenticate(digest: APIKeySecret.digest(secret), shown: secret)
    }

    /// The caller whose key has the SHA-256 `digest` (as ``APIKeySecret/digest(_:)`` makes it),
    /// with the same caching as a bearer key; a 401 error when it is not an active key.
    public func authenticate(digest: String) async throws(APIError) -> Caller {
        try await authenticate(digest: digest, shown: "")
    }

    private func authenticate(digest: String, shown secret: String) async throws(APIError) -> Caller {
        let now = clock()
        if let cached = cache.withLock({ $0[digest] }), cached.expires > now {
            return Self.caller(cached.record)
        }
        if let until = unknown.withLock({ $0[digest] }), until > now {
            throw Self.incorrectKey(secret)
        }
        let record: APIKeyRecord?
        do {
            record = try await store.activeKey(digest: digest)
        } catch {
            throw APIError(status: 503, type: "api_error", code: "store_unavailable", message: "The key store is unavailable; try again shortly. (\(error.message))")
        }
        guard let record else {
            unknown.withLock { unknown in
                if unknown.count >= Self.maximumCachedKeys { unknown.removeAll(keepingCapacity: true) }
                unknown[digest] = now + unknownKeyLifetime
            }
            throw Self.incorrectKey(secret)
        }
        cache.withLock { cache in
            if cache.count >= Self.maximumCachedKeys { cache.removeAll(keepingCapacity: true) }
            cache[digest] = CachedKey(record: record, expires: now + cacheLifetime)
        }
        return Self.caller(record)
    }

    private static func incorrectKey(_ secret: String) -> APIError {
        .invalidAPIKey("Incorrect API key provided: \(masked(secret)). Check the key, or create one with 'switchboard keys create'.")
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
