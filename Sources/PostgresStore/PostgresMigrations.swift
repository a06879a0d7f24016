import Logging
import PostgresNIO

/// The schema, as numbered steps applied once each, in order, in one transaction each, under
/// an advisory lock so that instances starting together migrate one at a time.
enum PostgresMigrations {
    /// Each step's statements. Append new steps; never change one that has shipped.
    static let steps: [[String]] = [
        [
            "CREATE TABLE tenant (name TEXT PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL)",
            """
            CREATE TABLE api_key (
                id TEXT PRIMARY KEY, tenant TEXT NOT NULL REFERENCES tenant (name), role TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ)
            """,
            """
            CREATE TABLE audit_record (
                chain TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT, status INTEGER NOT NULL, received_at BIGINT NOT NULL,
                body TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (chain, seq))
            """,
            "CREATE INDEX audit_record_query ON audit_record (chain, tenant, received_at)",
            """
            CREATE TABLE audit_checkpoint (
                chain TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, created_at BIGINT NOT NULL, public_key TEXT NOT NULL,
                signature TEXT NOT NULL, PRIMARY KEY (chain, seq))
            """,
            "CREATE TABLE audit_anchor (chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
            "CREATE TABLE audit_secret (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
            """
            CREATE TABLE approval (
                id TEXT PRIMARY KEY, tenant TEXT NOT NULL, requester_key TEXT NOT NULL, end_user TEXT, scenario TEXT, request_id TEXT NOT NULL,
                tool TEXT NOT NULL, arguments TEXT NOT NULL, summary TEXT NOT NULL, status TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL, decided_by TEXT, decided_by_user TEXT, decided_at DOUBLE PRECISION, result TEXT)
            """,
            "CREATE INDEX approval_tenant_status ON approval (tenant, status, created_at)",
            """
            CREATE TABLE usage (
                day TEXT NOT NULL, tenant TEXT NOT NULL, key_id TEXT NOT NULL, scenario TEXT NOT NULL, model TEXT NOT NULL, backend TEXT NOT NULL,
                lender TEXT NOT NULL, requests BIGINT NOT NULL, tokens_in BIGINT NOT NULL, tokens_out BIGINT NOT NULL, cost NUMERIC NOT NULL,
                latency_ms BIGINT NOT NULL, errors BIGINT NOT NULL, PRIMARY KEY (day, tenant, key_id, scenario, model, backend, lender))
            """,
            "CREATE TABLE tenant_policy (name TEXT PRIMARY KEY, policy TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
        ],
        [
            "CREATE TABLE quota_counter (tenant TEXT NOT NULL, key TEXT NOT NULL, value NUMERIC NOT NULL, PRIMARY KEY (tenant, key))",
        ],
        [
            // The console's search by end user, newest first, without reading every record.
            "CREATE INDEX audit_record_end_user ON audit_record (chain, (body::jsonb ->> 'end_user'), seq)",
        ],
        [
            // Responses kept for the Responses API.
            """
            CREATE TABLE stored_response (
                id TEXT PRIMARY KEY, tenant TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL,
                level INTEGER NOT NULL, content TEXT NOT NULL)
            """,
            "CREATE INDEX stored_response_expiry ON stored_response (expires_at)",
        ],
    ]

    /// Applies the steps the database has not seen.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('switchboard-migrations'))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS switchboard_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            var applied = 0
            for try await version in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM switchboard_schema", logger: logger).decode(Int.self) {
                applied = version
            }
            guard applied <= steps.count else {
                throw MigrationError(message: "the database's schema is version \(applied), newer than this build's \(steps.count); run a newer Switchboard")
            }
            for (index, step) in steps.enumerated() where index + 1 > applied {
                logger.info("migrating the PostgreSQL store", metadata: ["version": "\(index + 1)"])
                for statement in step {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO switchboard_schema (version) VALUES (\(index + 1))", logger: logger)
            }
        }
    }

    /// The database is ahead of this build.
    struct MigrationError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
