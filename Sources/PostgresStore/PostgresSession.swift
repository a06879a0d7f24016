import Logging
import PostgresNIO
import Store

/// One database's connection pool and how this store speaks to it: queries and transactions
/// whose failures say what failed, in the server's own words.
struct PostgresSession: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Runs `body` in a transaction; any failure becomes a ``StoreError`` saying what failed.
    func transaction<T: Sendable>(_ what: String, _ body: @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StoreError("PostgreSQL \(what) failed: \(Self.describe(error))")
        }
    }

    /// Runs one query and collects its rows; any failure becomes a ``StoreError``.
    func rows(_ what: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        do {
            var collected: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) { collected.append(row) }
            return collected
        } catch {
            throw StoreError("PostgreSQL \(what) failed: \(Self.describe(error))")
        }
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
