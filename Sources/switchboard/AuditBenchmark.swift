import ArgumentParser
import Audit
import Foundation
import GRDB
import GRDBSQLite
import Store
import Synchronization

/// `switchboard audit bench`: durable audit appends per second against plain inserts of the
/// same rows into the same database, measured in the same run.
struct AuditBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure durable audit appends per second against plain inserts into the same SQLite database.")

    @Option(help: "Records to write in each phase.")
    var records = 200_000

    @Option(help: """
        Concurrent appenders: exchanges in flight, each appending its record and waiting until it is durable. \
        At 100,000 exchanges/s that each spend the sample's 40 ms upstream, about 4,000 are in flight.
        """)
    var concurrency = 4096

    @Option(help: "Rounds, each on a fresh database: the best and the median are reported, since a busy host slows single runs.")
    var rounds = 3

    @Option(help: "Where to put the scratch databases (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    func validate() throws {
        guard records > 0, concurrency > 0, concurrency <= records, rounds > 0 else {
            throw ValidationError("--records, --concurrency and --rounds must be positive, with concurrency ≤ records.")
        }
    }

    /// What one round measured.
    private struct Round {
        var plainRate: Double
        var auditRate: Double
        var commits: Int
    }

    func run() async throws {
        let sample = (0..<records).map { Self.record($0) }
        let bodies = sample.map(AuditChain.canonicalBody)
        var results: [Round] = []
        for round in 1...rounds {
            CommandSupport.printError("round \(round) of \(rounds):")
            let folder = URL(fileURLWithPath: directory).appendingPathComponent("switchboard-audit-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try await measure(sample, bodies: bodies, in: folder.appendingPathComponent("bench.db").path)
            CommandSupport.printError(
                "  plain \(Int(result.plainRate)) rows/s, audit \(Int(result.auditRate)) records/s in \(result.commits) commits")
            results.append(result)
        }
        let plain = results.map(\.plainRate).sorted()
        let audit = results.map(\.auditRate).sorted()
        let commits = results.map(\.commits).reduce(0, +) / results.count
        print("plain inserts (durable, transactions of \(concurrency)): best \(Int(plain.last!)) rows/s, median \(Int(plain[plain.count / 2]))")
        print("audit appends (durable, hash-chained, signed checkpoints, \(concurrency) appenders): best \(Int(audit.last!)) records/s, median \(Int(audit[audit.count / 2]))")
        print("audit commits: \(commits) a round, \(records / max(1, commits)) records each on average")
        let ratios = results.map { $0.auditRate / $0.plainRate }.sorted()
        print("ratio audit / plain in the same round: \(ratios.map { String(format: "%.2f", $0) }.joined(separator: ", "))x")
    }

    /// One round on a fresh database at `path`: plain inserts of `bodies` (the records' canonical
    /// JSON), then audit appends of `sample`, then a full verification.
    private func measure(_ sample: [AuditRecord], bodies: [String], in path: String) async throws -> Round {
        let store = try SQLiteStore(path: path)

        // Baseline: the same canonical bodies, inserted in transactions of `concurrency` rows,
        // with the same durability (WAL, synchronous FULL), into the same database.
        let pool = try SQLiteStore.openDurablePool(path: path)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE plain (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)") }
        CommandSupport.printError("  plain inserts: \(records) rows in transactions of \(concurrency)…")
        let plainStart = ContinuousClock.now
        for start in stride(from: 0, to: records, by: concurrency) {
            let slice = Array(bodies[start..<min(start + concurrency, records)])
            // In the audit trail's own kind of transaction, bound through SQLite's C API as its
            // inserts are.
            try await pool.writeWithoutTransaction { db in
                try SQLiteStore.inImmediateTransaction(db) {
                    let statement = try db.cachedStatement(sql: "INSERT INTO plain (seq, body) VALUES (?, ?)").sqliteStatement
                    sqlite3_reset(statement)
                    for (offset, body) in slice.enumerated() {
                        sqlite3_bind_int64(statement, 1, Int64(start + offset + 1))
                        SQLiteBinding.bind(body, to: statement, at: 2)
                        try SQLiteBinding.step(statement, in: db)
                    }
                }
            }
        }
        let plainSeconds = (ContinuousClock.now - plainStart).seconds

        CommandSupport.printError("  audit appends: \(records) records from \(concurrency) concurrent appenders…")
        let commits = Mutex(0)
        let log = AuditLog(storage: store, signer: CheckpointSigner(), checkpointEvery: 1000, onCommit: { _, _ in commits.withLock { $0 += 1 } })
        let writer = Task { await log.run() }
        let auditStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    for index in stride(from: worker, to: sample.count, by: concurrency) {
                        try await log.append(sample[index])
                    }
                }
            }
            try await group.waitForAll()
        }
        let auditSeconds = (ContinuousClock.now - auditStart).seconds
        writer.cancel()
        await writer.value
        CommandSupport.printError("  verifying the trail…")
        let verified = try await AuditTrailVerification.verify(store, trustedPublicKey: nil)
        guard verified.records == records else {
            throw ValidationError("the trail holds \(verified.records) verified records, not \(records)")
        }
        return Round(plainRate: Double(records) / plainSeconds, auditRate: Double(records) / auditSeconds, commits: commits.withLock { $0 })
    }

    static func record(_ index: Int) -> AuditRecord {
        AuditRecord(
            id: AuditRecordID.make(at: 1_795_000_000_000 + Int64(index) + 40), requestID: "req_\(index)", receivedAt: 1_795_000_000_000 + Int64(index), firstByteAt: nil,
            doneAt: 1_795_000_000_000 + Int64(index) + 40, tenant: "tenant-\(index % 16)", keyID: "key_bench", endUser: nil,
            operation: "chat/completions", model: "fin-chat", stream: false, backend: "in-house", zone: "private",
            attempts: [AuditAttempt(backend: "in-house", outcome: "ok", micros: 40_000)], status: 200, errorCode: nil, tokensIn: 120,
            tokensOut: 300, gatewayMicros: 150, upstreamMicros: 40_000, content: nil)
    }
}
