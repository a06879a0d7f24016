import Logging
import PostgresNIO
import Store
import Synchronization
import Timers

/// One database's connection pool and how this store speaks to it: queries and transactions
/// whose failures say what failed, in the server's own words.
struct PostgresSession: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The longest an operation may take, waiting for a connection included: a server that is
    /// down must fail the operation (and the decision waiting on it), never hang it.
    var deadline: Duration = .seconds(5)

    /// Runs `body` in a transaction; any failure becomes a ``StoreError`` saying what failed.
    func transaction<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await bounded(what) { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Runs one query and collects its rows; any failure becomes a ``StoreError``.
    func rows(_ what: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        try await bounded(what) { [client, logger] in
            var collected: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) { collected.append(row) }
            return collected
        }
    }

    /// `operation`, given up at the deadline. The answer does not wait for the operation to
    /// wind down: a connection attempt to a server that is down may not end promptly when
    /// cancelled, and the decision waiting on the store must fail now.
    private func bounded<T: Sendable>(_ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws(StoreError) -> T {
        let deadline = self.deadline
        let outcome = FirstOutcome<T>()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            outcome.wait(with: continuation)
            let work = Task {
                do {
                    outcome.settle(.success(try await operation()))
                } catch {
                    outcome.settle(.failure(StoreError("PostgreSQL \(what) failed: \(Self.describe(error))")))
                }
            }
            let timer = Task {
                try? await Sleeper.sleep(for: deadline)
                if outcome.settle(.failure(StoreError("PostgreSQL \(what) did not finish within \(deadline) (is the server up?)"))) { work.cancel() }
            }
            outcome.onSettled { timer.cancel() }
        }
        return try result.get()
    }

    /// A server error's own message (with its SQL state) rather than the driver's generic text.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// The first of an operation's result and its deadline, handed once to whoever waits.
private final class FirstOutcome<T: Sendable>: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Result<T, StoreError>, Never>?
        var settled = false
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func wait(with continuation: CheckedContinuation<Result<T, StoreError>, Never>) {
        state.withLock { $0.waiter = continuation }
    }

    /// Runs `cleanup` once the outcome is settled (at once if it already is).
    func onSettled(_ cleanup: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.settled { return true }
            state.cleanup = cleanup
            return false
        }
        if now { cleanup() }
    }

    /// Hands `result` to the waiter if nothing came first; true when it did.
    @discardableResult
    func settle(_ result: Result<T, StoreError>) -> Bool {
        let taken = state.withLock { state -> (CheckedContinuation<Result<T, StoreError>, Never>?, (@Sendable () -> Void)?)? in
            guard !state.settled else { return nil }
            state.settled = true
            defer { state.waiter = nil; state.cleanup = nil }
            return (state.waiter, state.cleanup)
        }
        guard let (waiter, cleanup) = taken else { return false }
        waiter?.resume(returning: result)
        cleanup?()
        return true
    }
}
