import Audit
import Config
import Foundation
import Logging
import Pool
import PostgresStore
import Store
import Testing

/// Which implementation of ``Store`` a contract test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// Opens empty stores of each kind: SQLite in a new file, PostgreSQL in a new database of the
/// server `SWITCHBOARD_TEST_POSTGRES_URL` names (`scripts/test-postgres.sh start` runs one).
enum TestStores {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The test server's settings, or a failure saying how to start one (never a skip).
    static func postgresSettings(instance: String = "test") throws -> PostgresSettings {
        guard let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] else {
            throw Missing(description: "SWITCHBOARD_TEST_POSTGRES_URL is not set: run `export SWITCHBOARD_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start)` (scripts/test.sh does)")
        }
        switch PostgresSettings.parse(url: url, instance: instance) {
        case .success(let settings): return settings
        case .failure(let error): throw Missing(description: "SWITCHBOARD_TEST_POSTGRES_URL: \(error.message)")
        }
    }

    /// A new, empty database on the test server, with its settings.
    static func newPostgresDatabase(instance: String = "test") throws -> PostgresSettings {
        var settings = try postgresSettings(instance: instance)
        let name = "sb_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let created = try runToCompletion(
            URL(fileURLWithPath: "/usr/bin/psql"),
            ["-h", settings.host, "-p", String(settings.port), "-U", settings.user, "-d", settings.database, "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"],
            directory: FileManager.default.temporaryDirectory)
        guard created.status == 0 else { throw Missing(description: "cannot create a test database: \(created.stderr)") }
        settings.database = name
        return settings
    }

    static func open(_ kind: StoreKind) async throws -> any Store {
        switch kind {
        case .sqlite:
            return try SQLiteStore(path: ScratchSpace.database("store"))
        case .postgres:
            return try await PostgresStore(settings: try newPostgresDatabase(), logger: Logger(label: "test.postgres"), writesAudit: true)
        }
    }
}

/// One suite, run against SQLite and PostgreSQL alike: what every ``Store`` must do.
@Suite("Store contract, on SQLite and PostgreSQL")
struct StoreContractTests {
    static func sealedChain(_ count: Int, tenants: [String?] = ["acme", "华泰", nil]) -> [SealedAuditRecord] {
        var head = AuditChainHead.empty
        return (1...count).map { index in
            var record = AuditTrailTests.record(index, tenant: tenants[index % tenants.count] ?? "", status: index.isMultiple(of: 5) ? 429 : 200)
            record.tenant = tenants[index % tenants.count]
            record.receivedAt = 1_795_000_000_000 + Int64(index) * 1000
            var sealed = SealedAuditRecord(record: record, body: AuditChain.canonicalBody(record))
            head = sealed.place(after: head)
            return sealed
        }
    }

    @Test("keys: created for a tenant, found by digest, listed, counted and revoked", arguments: StoreKind.allCases)
    func keys(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        let created = try await store.createKey(tenant: "招商证券", role: .app)
        let admin = try await store.createKey(tenant: "ops", role: .admin)
        let found = try #require(try await store.activeKey(digest: APIKeySecret.digest(created.secret)))
        #expect(found.id == created.record.id && found.tenant == "招商证券" && found.role == .app)
        #expect(try await store.keyCount(role: .admin) == 1)
        #expect(try await store.keyCount(role: nil) == 2)
        #expect(try await store.listKeys().map(\.id).sorted() == [created.record.id, admin.record.id].sorted())
        #expect(try await store.tenantNames() == ["ops", "招商证券"].sorted())
        #expect(try await store.revokeKey(id: created.record.id))
        #expect(try await !store.revokeKey(id: created.record.id))
        #expect(try await store.activeKey(digest: APIKeySecret.digest(created.secret)) == nil)
        #expect(try await store.listKeys().first { $0.id == created.record.id }?.revokedAt != nil)
        try await store.ping()
    }

    @Test("stored responses: read by their tenant until they expire, deleted, and pruned once expired", arguments: StoreKind.allCases)
    func storedResponses(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        func response(_ id: String, tenant: String = "招商证券", expiresAfter seconds: TimeInterval) -> StoredResponse {
            StoredResponse(id: id, tenant: tenant, createdAt: start, expiresAt: start + seconds, level: 2, content: "{\"output_text\":\"持仓 1,200 股\"}")
        }
        for stored in [response("resp_a", expiresAfter: 60), response("resp_b", expiresAfter: 3600), response("resp_c", tenant: "ops", expiresAfter: 30)] {
            try await store.saveResponse(stored)
        }
        #expect(try await store.storedResponse(id: "resp_a", tenant: "招商证券", now: start + 59) == response("resp_a", expiresAfter: 60))
        #expect(try await store.storedResponse(id: "resp_a", tenant: "ops", now: start + 59) == nil)
        #expect(try await store.storedResponse(id: "resp_a", tenant: "招商证券", now: start + 60) == nil)
        #expect(try await store.pruneResponses(expiredBefore: start + 29) == 0)
        #expect(try await store.pruneResponses(expiredBefore: start + 60) == 2)
        #expect(try await store.storedResponse(id: "resp_b", tenant: "招商证券", now: start + 60) != nil)
        #expect(try await store.deleteResponse(id: "resp_b", tenant: "招商证券"))
        #expect(try await !store.deleteResponse(id: "resp_b", tenant: "招商证券"))
        #expect(try await store.pruneResponses(expiredBefore: start + 7200) == 0)
    }

    @Test("tenant policies: set, replaced and read back; setting one creates the tenant", arguments: StoreKind.allCases)
    func tenantPolicies(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        let first = StoredTenantPolicy(name: "big-broker", policy: #"{"share":3}"#, updatedAt: Date(timeIntervalSince1970: 1_796_000_000))
        try await store.setTenantPolicy(first)
        try await store.setTenantPolicy(StoredTenantPolicy(name: "big-broker", policy: #"{"share":5}"#, updatedAt: Date(timeIntervalSince1970: 1_796_000_100)))
        let policies = try await store.tenantPolicies()
        #expect(policies.count == 1)
        #expect(policies.first?.policy == #"{"share":5}"#)
        #expect(try await store.tenantNames() == ["big-broker"])
    }

    @Test("usage: rows with the same key add up exactly (money as decimals), and totals start the windows", arguments: StoreKind.allCases)
    func usage(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        func row(_ day: String, _ tenant: String, cost: String, lender: String = "") -> UsageRow {
            UsageRow(
                day: day, tenant: tenant, keyID: "key_1", scenario: "advisor", model: "fin-chat", backend: "gpu-a", lender: lender, requests: 1,
                tokensIn: 100, tokensOut: 20, cost: Decimal(string: cost)!, latencyMs: 35, errors: 0)
        }
        try await store.addUsage([row("2026-11-30", "acme", cost: "0.10"), row("2026-12-01", "acme", cost: "0.20")])
        try await store.addUsage([row("2026-12-01", "acme", cost: "0.000001"), row("2026-12-01", "华泰", cost: "1.5", lender: "big-broker")])
        let december = try await store.usage(from: "2026-12-01", through: "2026-12-31", tenant: nil)
        #expect(december.count == 2)
        let acme = try #require(december.first { $0.tenant == "acme" })
        #expect(acme.requests == 2 && acme.tokensIn == 200 && acme.latencyMs == 70)
        #expect(acme.cost == Decimal(string: "0.200001")!)
        #expect(try await store.usage(from: "2026-11-01", through: "2026-11-30", tenant: "acme").count == 1)
        let totals = try await store.usageTotals(day: "2026-12-01", month: "2026-12")
        #expect(totals["acme"] == UsageTotals(tokensToday: 240, tokensThisMonth: 240, costThisMonth: Decimal(string: "0.200001")!, costTotal: Decimal(string: "0.300001")!))
        #expect(totals["华泰"]?.costTotal == Decimal(string: "1.5")!)
    }

    @Test("approvals: stored, listed by tenant and status, decided once, expired when late", arguments: StoreKind.allCases)
    func approvals(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        func approval(_ id: String, tenant: String, expires: TimeInterval) -> ApprovalRecord {
            ApprovalRecord(
                id: id, tenant: tenant, requesterKeyID: "key_1", endUser: nil, scenario: "advisor", requestID: "req_\(id)", tool: "place_order",
                arguments: #"{"code":"600519","side":"buy","qty":100}"#, summary: "买入 600519 100 股", status: .pending, createdAt: now,
                expiresAt: now.addingTimeInterval(expires))
        }
        try await store.createApproval(approval("apr_1", tenant: "acme", expires: 600))
        try await store.createApproval(approval("apr_2", tenant: "acme", expires: 1))
        try await store.createApproval(approval("apr_3", tenant: "rival", expires: 600))
        #expect(try await store.approvals(tenant: "acme", status: .pending, limit: 10).count == 2)
        #expect(try await store.approval(id: "apr_3", tenant: "acme") == nil)
        let decided = try await store.decideApproval(id: "apr_1", tenant: "acme", approve: true, by: "key_2", user: "王经理", at: now.addingTimeInterval(5))
        guard case .decided(let record) = decided else { Issue.record("not decided: \(decided)"); return }
        #expect(record.status == .approved && record.decidedByUser == "王经理")
        guard case .unchanged = try await store.decideApproval(id: "apr_1", tenant: "acme", approve: false, by: "key_3", user: nil, at: now.addingTimeInterval(6)) else {
            Issue.record("decided twice")
            return
        }
        guard case .unchanged(let late) = try await store.decideApproval(id: "apr_2", tenant: "acme", approve: true, by: "key_2", user: nil, at: now.addingTimeInterval(5)) else {
            Issue.record("a late decision was taken")
            return
        }
        #expect(late.status == .expired)
        guard case .notFound = try await store.decideApproval(id: "apr_3", tenant: "acme", approve: true, by: "key_2", user: nil, at: now) else {
            Issue.record("another tenant's approval was decided")
            return
        }
        try await store.recordApprovalResult(id: "apr_1", result: #"{"order_id":"O-42"}"#)
        let stored = try #require(try await store.approval(id: "apr_1", tenant: nil))
        #expect(stored.result == #"{"order_id":"O-42"}"# && stored.endUser == nil && stored.decidedAt != nil)
        #expect(try await store.approvals(tenant: nil, status: nil, limit: 10).count == 3)
    }

    @Test("the audit trail: appended with checkpoints, queried, verified whole, pruned to a new anchor; one secret", arguments: StoreKind.allCases)
    func auditTrail(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        #expect(try await store.auditHead() == .empty)
        let chain = Self.sealedChain(30)
        let signer = CheckpointSigner()
        try await store.appendAudit(Array(chain[..<20]), checkpoint: signer.checkpoint(for: AuditChainHead(sequence: 20, hash: chain[19].hash), at: 1_795_000_020_000))
        try await store.appendAudit(Array(chain[20...]), checkpoint: nil)
        let head = try await store.auditHead()
        #expect(head.sequence == 30 && head.hash == chain[29].hash)
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: signer.base64PublicKey)
        #expect(summary.records == 30 && summary.checkpoints == 1)
        let page = try await store.auditRecords(after: 10, limit: 5)
        #expect(page.map(\.sealed.sequence) == [11, 12, 13, 14, 15])
        #expect(page.allSatisfy { $0.indexMatchesBody })
        let acme = try await store.auditRecords(matching: AuditQuery(tenant: "acme", limit: 100))
        #expect(acme.map(\.sequence) == chain.filter { $0.tenant == "acme" }.map(\.sequence))
        let limited = try await store.auditRecords(matching: AuditQuery(from: 1_795_000_005_000, to: 1_795_000_012_000, status: 429, limit: 100))
        #expect(limited.map(\.sequence) == [5, 10])
        #expect(try await store.auditCheckpoints().map(\.sequence) == [20])
        #expect(try await store.pruneAudit(receivedBefore: 1_795_000_010_500) == 10)
        #expect(try await store.auditAnchor() == AuditChainHead(sequence: 10, hash: chain[9].hash))
        #expect(try await AuditTrailVerification.verify(store, trustedPublicKey: nil).records == 20)
        let secret = try await store.auditSecret(named: "end_user")
        #expect(secret.count == 32)
        #expect(try await store.auditSecret(named: "end_user") == secret)
    }

    @Test("the audit search: newest first with paging back, filters on the record's body, and a range verified", arguments: StoreKind.allCases)
    func auditSearch(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        var head = AuditChainHead.empty
        let chain = (1...12).map { index -> SealedAuditRecord in
            var record = AuditTrailTests.record(index, tenant: index.isMultiple(of: 2) ? "acme" : "华泰")
            record.endUser = "user-\(index % 3)"
            record.scenario = index.isMultiple(of: 3) ? "投顾" : nil
            record.backend = index > 8 ? "cloud" : "in-house"
            record.zone = index > 8 ? "public" : "private"
            record.privacy = AuditPrivacy(
                level: 1 + index % 4, rule: "policy[0]", zones: ["private"], entities: [:], keywords: [], masked: index > 8, pseudonyms: 0, restored: 0, invented: 0)
            var sealed = SealedAuditRecord(record: record, body: AuditChain.canonicalBody(record))
            head = sealed.place(after: head)
            return sealed
        }
        try await store.appendAudit(chain, checkpoint: nil)
        func search(_ change: (inout AuditQuery) -> Void) async throws -> [Int64] {
            var query = AuditQuery(limit: 100)
            query.newestFirst = true
            change(&query)
            return try await store.auditRecords(matching: query).map(\.sequence)
        }
        #expect(try await search { _ in } == Array((1...12).reversed()))
        #expect(try await search { $0.limit = 5 } == [12, 11, 10, 9, 8])
        #expect(try await search { $0.limit = 5; $0.beforeSequence = 8 } == [7, 6, 5, 4, 3])
        #expect(try await search { $0.tenant = "华泰"; $0.limit = 2 } == [11, 9])
        #expect(try await search { $0.scenario = "投顾" } == [12, 9, 6, 3])
        #expect(try await search { $0.endUser = "user-1" } == [10, 7, 4, 1])
        #expect(try await search { $0.level = 4 } == [11, 7, 3])
        #expect(try await search { $0.zone = "public"; $0.backend = "cloud" } == [12, 11, 10, 9])
        #expect(try await search { $0.requestID = "req_5" } == [5])
        #expect(try await search { $0.operation = "console/sign-in" } == [])
        var oldestFirst = AuditQuery(limit: 100)
        oldestFirst.scenario = "投顾"
        #expect(try await store.auditRecords(matching: oldestFirst).map(\.sequence) == [3, 6, 9, 12])

        let middle = try await AuditTrailVerification.verify(store, range: 4...9, trustedPublicKey: nil)
        #expect(middle.records == 6 && middle.range == 4...9)
        #expect(try await AuditTrailVerification.verify(store, range: 1...40, trustedPublicKey: nil).range == 1...12)
        #expect(try await AuditTrailVerification.verify(store, range: 20...40, trustedPublicKey: nil).range == nil)
    }

    @Test("the audit writer's concurrent appends all commit in one unbroken chain", arguments: StoreKind.allCases)
    func auditWriter(kind: StoreKind) async throws {
        let store = try await TestStores.open(kind)
        let log = AuditLog(storage: store, signer: CheckpointSigner(), checkpointEvery: 100)
        let writer = Task { await log.run() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...500 {
                group.addTask { try await log.append(AuditTrailTests.record(index)) }
            }
            try await group.waitForAll()
        }
        writer.cancel()
        await writer.value
        let summary = try await AuditTrailVerification.verify(store, trustedPublicKey: nil)
        #expect(summary.records == 500)
        #expect(summary.checkpoints >= 1)
    }
}
