import Audit
import Dispatch
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Store
import Synchronization

/// One instance's audit chain in the shared database: appended to by that instance only (it
/// holds the chain's lock), read and verified by any.
public struct PostgresAuditChain: AuditStorage {
    let session: PostgresSession
    /// The chain's name: its instance's `store.postgres.instance`.
    public let chain: String

    private var logger: Logger { session.logger }

    private func transaction<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await session.transaction(what, body)
    }

    private func rows(_ what: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        try await session.rows(what, query)
    }

    public func auditHead() async throws(AuditStorageError) -> AuditChainHead {
        let last = try await auditRows("reading the chain's head", "SELECT seq, hash FROM audit_record WHERE chain = \(chain) ORDER BY seq DESC LIMIT 1")
        if let row = last.first, let (sequence, hex) = try? row.decode((Int64, String).self) {
            return AuditChainHead(sequence: sequence, hash: AuditHash(hex: hex) ?? .zero)
        }
        return try await auditAnchor()
    }

    public func auditAnchor() async throws(AuditStorageError) -> AuditChainHead {
        let anchor = try await auditRows("reading the chain's anchor", "SELECT seq, hash FROM audit_anchor WHERE chain = \(chain)")
        guard let row = anchor.first, let (sequence, hex) = try? row.decode((Int64, String).self), let hash = AuditHash(hex: hex) else { return .empty }
        return AuditChainHead(sequence: sequence, hash: hash)
    }

    public func appendAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) async throws(AuditStorageError) {
        do {
            try await transaction("writing the audit trail") { [logger, chain] connection in
                for sealed in records {
                    try await connection.query(
                        """
                        INSERT INTO audit_record (chain, seq, tenant, status, received_at, body, prev_hash, hash)
                        VALUES (\(chain), \(sealed.sequence), \(sealed.tenant), \(sealed.status), \(sealed.receivedAt), \(sealed.body), \(sealed.previousHash.hex), \(sealed.hash.hex))
                        """, logger: logger)
                }
                if let checkpoint {
                    try await connection.query(
                        """
                        INSERT INTO audit_checkpoint (chain, seq, hash, created_at, public_key, signature)
                        VALUES (\(chain), \(checkpoint.sequence), \(checkpoint.hash), \(checkpoint.createdAt), \(checkpoint.publicKey), \(checkpoint.signature))
                        ON CONFLICT (chain, seq) DO UPDATE SET hash = EXCLUDED.hash, created_at = EXCLUDED.created_at,
                            public_key = EXCLUDED.public_key, signature = EXCLUDED.signature
                        """, logger: logger)
                }
            }
        } catch {
            throw AuditStorageError("writing the audit trail failed: \(error.message)")
        }
    }

    public func appendAuditBlocking(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) throws(AuditStorageError) {
        // The audit writer's own thread waits here (it has nothing else to do); the query runs
        // on the driver's event loops.
        let outcome = Mutex<Result<Void, AuditStorageError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(AuditStorageError) {
                try await appendAudit(records, checkpoint: checkpoint)
                outcome.withLock { $0 = .success(()) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        if case .failure(let error) = outcome.withLock({ $0 }) { throw error }
    }

    public func auditRecords(after sequence: Int64, limit: Int) async throws(AuditStorageError) -> [StoredAuditRecord] {
        try await auditRows(
            "reading the audit trail",
            "SELECT seq, body, prev_hash, hash, tenant, status, received_at FROM audit_record WHERE chain = \(chain) AND seq > \(sequence) ORDER BY seq LIMIT \(limit)"
        ).compactMap { row in
            Self.sealed(row).map { StoredAuditRecord(checking: $0.record, hashesReadable: $0.hashesReadable, indexed: true) }
        }
    }

    public func auditRecords(matching query: AuditQuery) async throws(AuditStorageError) -> [SealedAuditRecord] {
        var sql = "SELECT seq, body, prev_hash, hash, tenant, status, received_at FROM audit_record WHERE chain = $1 AND seq > $2"
        var bindings = PostgresBindings()
        bindings.append(chain)
        bindings.append(query.afterSequence)
        if let tenant = query.tenant {
            bindings.append(tenant)
            sql += " AND tenant = $\(bindings.count)"
        }
        if let from = query.from {
            bindings.append(from)
            sql += " AND received_at >= $\(bindings.count)"
        }
        if let to = query.to {
            bindings.append(to)
            sql += " AND received_at < $\(bindings.count)"
        }
        if let status = query.status {
            bindings.append(status)
            sql += " AND status = $\(bindings.count)"
        }
        for condition in query.bodyConditions {
            // The path's keys are the query's own constants, never the caller's text. The end
            // user is written as its index (migration step 3) has it, so the index is used.
            if condition.path == ["end_user"], case .text(let user) = condition.value {
                bindings.append(user)
                sql += " AND (body::jsonb ->> 'end_user') = $\(bindings.count)"
                continue
            }
            let path = condition.path.map { "'\($0)'" }.joined(separator: ",")
            if let needle = condition.value.verbatimNeedle {
                bindings.append(needle)
                sql += " AND strpos(body, $\(bindings.count)) > 0"
            }
            switch condition.value {
            case .text(let text): bindings.append(text)
            case .integer(let number): bindings.append(String(number))
            }
            sql += " AND (body::jsonb #>> ARRAY[\(path)]) = $\(bindings.count)"
        }
        if query.newestFirst {
            bindings.append(query.beforeSequence)
            sql += " AND seq < $\(bindings.count)"
        }
        bindings.append(query.limit)
        sql += " ORDER BY seq \(query.newestFirst ? "DESC" : "") LIMIT $\(bindings.count)"
        return try await auditRows("querying the audit trail", PostgresQuery(unsafeSQL: sql, binds: bindings)).compactMap { Self.sealed($0)?.record }
    }

    public func auditCheckpoints() async throws(AuditStorageError) -> [AuditCheckpoint] {
        try await auditRows("reading checkpoints", "SELECT seq, hash, created_at, public_key, signature FROM audit_checkpoint WHERE chain = \(chain) ORDER BY seq")
            .compactMap { row in
                guard let (sequence, hash, createdAt, publicKey, signature) = try? row.decode((Int64, String, Int64, String, String).self) else { return nil }
                return AuditCheckpoint(sequence: sequence, hash: hash, createdAt: createdAt, publicKey: publicKey, signature: signature)
            }
    }

    public func pruneAudit(receivedBefore cutoff: Int64) async throws(AuditStorageError) -> Int {
        do {
            return try await transaction("pruning the audit trail") { [logger, chain] connection -> Int in
                // A prefix of the chain only: up to the newest record received before the cutoff.
                var last: (Int64, String)?
                for try await row in try await connection.query(
                    "SELECT seq, hash FROM audit_record WHERE chain = \(chain) AND received_at < \(cutoff) ORDER BY seq DESC LIMIT 1", logger: logger
                ).decode((Int64, String).self) { last = row }
                guard let (sequence, hash) = last else { return 0 }
                var deleted = 0
                for try await _ in try await connection.query("DELETE FROM audit_record WHERE chain = \(chain) AND seq <= \(sequence) RETURNING seq", logger: logger) {
                    deleted += 1
                }
                try await connection.query("DELETE FROM audit_checkpoint WHERE chain = \(chain) AND seq <= \(sequence)", logger: logger)
                try await connection.query(
                    "INSERT INTO audit_anchor (chain, seq, hash) VALUES (\(chain), \(sequence), \(hash)) ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash",
                    logger: logger)
                return deleted
            }
        } catch {
            throw AuditStorageError("pruning the audit trail failed: \(error.message)")
        }
    }

    public func auditSecret(named name: String) async throws(AuditStorageError) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let fresh = ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let key = "secret:" + name
        // Every instance gets the one secret the first of them stored.
        let found = try await auditRows(
            "reading an audit secret",
            """
            WITH stored AS (INSERT INTO audit_secret (name, value) VALUES (\(key), \(fresh)) ON CONFLICT (name) DO NOTHING RETURNING value)
            SELECT value FROM stored UNION ALL SELECT value FROM audit_secret WHERE name = \(key) LIMIT 1
            """)
        guard let row = found.first, let value = try? row.decode(Data.self) else { throw AuditStorageError("the audit secret '\(name)' could not be read") }
        return Array(value)
    }

    private func auditRows(_ what: String, _ query: PostgresQuery) async throws(AuditStorageError) -> [PostgresRow] {
        do {
            return try await rows(what, query)
        } catch {
            throw AuditStorageError(error.message)
        }
    }

    /// A row as stored, and whether both hashes were well-formed (a row tampered with may hold anything).
    private static func sealed(_ row: PostgresRow) -> (record: SealedAuditRecord, hashesReadable: Bool)? {
        guard let (sequence, body, previousHex, hex, tenant, status, receivedAt) = try? row.decode((Int64, String, String, String, String?, Int, Int64).self) else {
            return nil
        }
        let previous = AuditHash(hex: previousHex)
        let own = AuditHash(hex: hex)
        let sealed = SealedAuditRecord(
            sequence: sequence, body: body, previousHash: previous ?? .zero, hash: own ?? .zero, tenant: tenant, status: status, receivedAt: receivedAt)
        return (sealed, previous != nil && own != nil)
    }
}

/// The store's own audit chain is this instance's.
extension PostgresStore {
    public func auditHead() async throws(AuditStorageError) -> AuditChainHead { try await audit.auditHead() }

    public func auditAnchor() async throws(AuditStorageError) -> AuditChainHead { try await audit.auditAnchor() }

    public func appendAudit(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) async throws(AuditStorageError) {
        try await audit.appendAudit(records, checkpoint: checkpoint)
    }

    public func appendAuditBlocking(_ records: [SealedAuditRecord], checkpoint: AuditCheckpoint?) throws(AuditStorageError) {
        try audit.appendAuditBlocking(records, checkpoint: checkpoint)
    }

    public func auditRecords(after sequence: Int64, limit: Int) async throws(AuditStorageError) -> [StoredAuditRecord] {
        try await audit.auditRecords(after: sequence, limit: limit)
    }

    public func auditRecords(matching query: AuditQuery) async throws(AuditStorageError) -> [SealedAuditRecord] {
        try await audit.auditRecords(matching: query)
    }

    public func auditCheckpoints() async throws(AuditStorageError) -> [AuditCheckpoint] { try await audit.auditCheckpoints() }

    public func pruneAudit(receivedBefore cutoff: Int64) async throws(AuditStorageError) -> Int { try await audit.pruneAudit(receivedBefore: cutoff) }

    public func auditSecret(named name: String) async throws(AuditStorageError) -> [UInt8] { try await audit.auditSecret(named: name) }

    /// The chains in the database, by name: one per instance that ever wrote.
    public func auditChains() async throws(AuditStorageError) -> [String] {
        do {
            return try await rows("listing audit chains", "SELECT DISTINCT chain FROM audit_record UNION SELECT chain FROM audit_anchor ORDER BY 1")
                .compactMap { try? $0.decode(String.self) }
        } catch {
            throw AuditStorageError(error.message)
        }
    }
}
