import Config
import Foundation
import Logging
import PostgresNIO
import Store
import Synchronization

/// State kept in PostgreSQL, for instances that share one database: keys, tenants and their
/// policies, approvals, usage, and the audit trail, in which each instance writes a chain of
/// its own (named by `store.postgres.instance`).
///
/// The connection pool runs until ``close()``; a lost server is reconnected to on the next
/// query, and until then every operation fails with a ``StoreError`` (so decisions that need the
/// store fail closed).
public final class PostgresStore: Store {
    let session: PostgresSession
    let logger: Logger
    /// This instance's audit chain.
    public let audit: PostgresAuditChain
    private let runner: Task<Void, Never>
    private let chainLock: Task<Void, Never>?

    /// Connects to the server in `settings` and migrates the schema (one instance at a time).
    /// With `writesAudit` (a serving instance) it takes this instance's audit chain, which no
    /// other live instance may hold; a command-line tool that only reads it leaves it.
    public init(settings: PostgresSettings, logger: Logger, writesAudit: Bool) async throws(StoreError) {
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password, database: settings.database,
            tls: Self.tls(settings.tls))
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let chain = settings.instance
        session = PostgresSession(client: client, logger: logger)
        self.logger = logger
        audit = PostgresAuditChain(session: session, chain: chain)
        runner = Task { await client.run() }
        let where_ = "\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)"
        do {
            try await PostgresMigrations.migrate(client, logger: logger)
        } catch {
            runner.cancel()
            throw StoreError("cannot open the PostgreSQL store at \(where_): \(Self.describe(error))")
        }
        guard writesAudit else {
            chainLock = nil
            return
        }
        let held = ChainLockState()
        let lock = Task { await Self.holdChain(chain, client: client, logger: logger, state: held) }
        chainLock = lock
        switch await held.firstOutcome() {
        case .held: break
        case .taken:
            lock.cancel()
            runner.cancel()
            throw StoreError("another running instance writes the audit chain '\(chain)' in \(where_); give each instance its own store.postgres.instance")
        case .failed(let message):
            lock.cancel()
            runner.cancel()
            throw StoreError("cannot take the audit chain '\(chain)' in \(where_): \(message)")
        }
    }

    /// Closes the connections.
    public func close() {
        chainLock?.cancel()
        runner.cancel()
    }

    /// The audit chain of the instance named `name`, to read and verify.
    public func auditChain(named name: String) -> PostgresAuditChain {
        PostgresAuditChain(session: session, chain: name)
    }

    deinit {
        chainLock?.cancel()
        runner.cancel()
    }

    private static func tls(_ mode: PostgresSettings.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    func transaction<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await session.transaction(what, body)
    }

    func rows(_ what: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        try await session.rows(what, query)
    }

    static func describe(_ error: any Error) -> String {
        PostgresSession.describe(error)
    }

    /// What taking the chain's lock came to, first.
    private enum ChainLockOutcome: Sendable {
        case held
        case taken
        case failed(String)
    }

    /// Hands the first outcome of taking the chain's lock to the initializer.
    private final class ChainLockState: Sendable {
        private let state = Mutex<(outcome: ChainLockOutcome?, waiter: CheckedContinuation<ChainLockOutcome, Never>?)>((nil, nil))

        func report(_ outcome: ChainLockOutcome) {
            let waiter = state.withLock { state -> CheckedContinuation<ChainLockOutcome, Never>? in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: outcome)
        }

        func firstOutcome() async -> ChainLockOutcome {
            await withCheckedContinuation { continuation in
                let known = state.withLock { state -> ChainLockOutcome? in
                    if let outcome = state.outcome { return outcome }
                    state.waiter = continuation
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        }
    }

    /// Holds a session advisory lock on the chain's name for as long as the instance runs,
    /// taking it again after the server comes back, so two live instances never append to one chain.
    private static func holdChain(_ chain: String, client: PostgresClient, logger: Logger, state: ChainLockState) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    var taken = false
                    for try await locked in try await connection.query("SELECT pg_try_advisory_lock(hashtext('switchboard-chain'), hashtext(\(chain)))", logger: logger)
                        .decode(Bool.self) { taken = locked }
                    guard taken else {
                        state.report(.taken)
                        return
                    }
                    state.report(.held)
                    // Keep the session (and its lock) until cancelled or the connection drops.
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(5))
                        try await connection.query("SELECT 1", logger: logger)
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                state.report(.failed(describe(error)))
                logger.warning("audit chain lock lost; taking it again", metadata: ["chain": "\(chain)", "error": "\(describe(error))"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
