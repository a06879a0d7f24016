import Audit
import Foundation
import Gateway
import Synchronization

/// One signed-in operator: the key they signed in with, and the token their forms must carry.
struct ConsoleSession: Sendable, Equatable {
    /// The cookie's value (random, 32 bytes in hex).
    var token: String
    /// The token every form of this session carries (random, separate from the cookie).
    var csrf: String
    /// Who signed in.
    var caller: Caller
    /// The SHA-256 of the key, to check at each request that it is still active.
    var keyDigest: String
    /// When the session began.
    var started: ContinuousClock.Instant
    /// The last request.
    var lastSeen: ContinuousClock.Instant
}

/// The console's sessions, in this instance's memory: each ends when idle for `idle`, when
/// `lifetime` has passed since sign-in, or at sign-out.
final class ConsoleSessions: Sendable {
    private let sessions = Mutex<[String: ConsoleSession]>([:])
    private let idle: Duration
    private let lifetime: Duration
    private let clock: @Sendable () -> ContinuousClock.Instant
    private static let maximumSessions = 10_000

    /// Creates an empty table; `clock` tells the time (injected by tests).
    init(idle: Duration, lifetime: Duration, clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.idle = idle
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Starts a session for `caller`.
    func start(caller: Caller, keyDigest: String) -> ConsoleSession {
        let now = clock()
        let session = ConsoleSession(
            token: Hex.random(bytes: 32), csrf: Hex.random(bytes: 32), caller: caller, keyDigest: keyDigest, started: now, lastSeen: now)
        sessions.withLock { sessions in
            if sessions.count >= Self.maximumSessions { sessions = sessions.filter { isLive($0.value, at: now) } }
            if sessions.count >= Self.maximumSessions, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
                sessions.removeValue(forKey: oldest.key)
            }
            sessions[session.token] = session
        }
        return session
    }

    /// The live session with this token, its idle time restarted; nil (and forgotten) when it has ended.
    func session(token: String) -> ConsoleSession? {
        let now = clock()
        return sessions.withLock { sessions in
            guard var session = sessions[token] else { return nil }
            guard isLive(session, at: now) else {
                sessions.removeValue(forKey: token)
                return nil
            }
            session.lastSeen = now
            sessions[token] = session
            return session
        }
    }

    /// Ends the session with this token.
    func end(token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }

    /// Ends every session signed in with the key `keyID` (it was revoked).
    func end(keyID: String) {
        sessions.withLock { sessions in sessions = sessions.filter { $0.value.caller.keyID != keyID } }
    }

    private func isLive(_ session: ConsoleSession, at now: ContinuousClock.Instant) -> Bool {
        now - session.lastSeen < idle && now - session.started < lifetime
    }
}
