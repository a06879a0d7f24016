import Config
import Foundation
import Testing

/// Two instances of the real binary on one PostgreSQL database: a quota holds across both, the
/// audit trail verifies whole after a burst through both, and an instance rides out a restart
/// of the database.
@Suite("Several instances on one PostgreSQL database", .serialized)
struct MultiInstanceTests {
    static func url(_ settings: PostgresSettings) -> String {
        "postgres://\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)?sslmode=disable"
    }

    /// An instance named `instance` on `database`, in front of `fake`.
    static func instance(_ instance: String, database: PostgresSettings, fake: FakeProviderProcess, extra: String = "") async throws -> GatewayProcess {
        var yaml = gatewayYAML(
            backends: [#"{ name: gpu-a, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, model: qwen2.5-72b }"#],
            models: ["{ alias: fin-chat, targets: [gpu-a] }"])
        yaml = yaml.replacingOccurrences(of: #"  sqlite: "./state/switchboard.db""#, with: #"  postgres: { url: "\#(url(database))", instance: \#(instance) }"#)
        yaml += "\n" + extra
        return try await GatewayProcess(yaml: yaml)
    }

    static let chat = #"{"model":"fin-chat","max_tokens":1000,"messages":[{"role":"user","content":"你好，请介绍贵州茅台"}]}"#

    @Test("a budget holds across both instances: requests in flight on one count against the other")
    func sharedBudget() async throws {
        let database = try TestStores.newPostgresDatabase()
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"慢","delay_ms":8000,"reply":{"content":"好"}},{"reply":{"content":"好"}}]}"#)
        defer { fake.stop() }
        let extra = """
            prices:
              - { backend: gpu-a, input_per_million: "100.00", output_per_million: "100.00" }
            tenants:
              - { name: acme, budget: { prepaid: "0.25" } }
            """
        let first = try await Self.instance("gw-1", database: database, fake: fake, extra: extra)
        defer { first.stop() }
        let second = try await Self.instance("gw-2", database: database, fake: fake, extra: extra)
        defer { second.stop() }
        let slow = Self.chat.replacingOccurrences(of: "你好", with: "慢慢")
        // Each call reserves about 0.1 (1,000 completion tokens at 100 per million): two fit in 0.25, three do not.
        let onFirst = Task { try await first.post(body: slow) }
        let onSecond = Task { try await second.post(body: slow) }
        #expect(try await eventually { try await fake.requests().count == 2 })
        let third = try await second.post(body: Self.chat)
        #expect(third.status == 429)
        #expect((third.json["error"] as? [String: Any])?["param"] as? String == "budget.prepaid")
        #expect(third.errorMessage?.contains("over every instance") == true)
        #expect(try await onFirst.value.status == 200)
        #expect(try await onSecond.value.status == 200)
        // Settled at what they used (behind the answers), the reservations are free again, on either instance.
        #expect(try await eventually { try await first.post(body: Self.chat).status == 200 })
        let admin = try first.createKey(tenant: "ops", role: "admin")
        let standing = try await HTTP.send("GET", second.baseURL + "/admin/tenants/acme", headers: [("authorization", "Bearer \(admin)")])
        let usage = standing.json["usage"] as? [String: Any] ?? [:]
        let spent = Decimal(string: usage["cost_total"] as? String ?? "") ?? -1
        #expect(spent > 0 && spent < Decimal(string: "0.25")!)
    }

    @Test("a burst through both instances leaves two chains that verify whole, no record lost or doubled; a policy set on one applies on the other")
    func auditAcrossInstances() async throws {
        let database = try TestStores.newPostgresDatabase()
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let first = try await Self.instance("gw-1", database: database, fake: fake)
        defer { first.stop() }
        let second = try await Self.instance("gw-2", database: database, fake: fake)
        defer { second.stop() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<60 {
                group.addTask { try await (index.isMultiple(of: 2) ? first : second).post(body: Self.chat).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        let verified = try runToCompletion(try BuiltProducts.url("switchboard"), ["audit", "verify", "--config", first.configPath], directory: first.directory)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("OK: 2 audit chain(s) verified."))
        let counts = verified.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("OK: chain '") else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        #expect(counts.count == 2)
        #expect(counts.reduce(0, +) == 60)

        // A second instance of the same name is refused: two writers would fork a chain.
        let clash = try runToCompletion(
            try BuiltProducts.url("switchboard"), ["serve", "--config", first.configPath], directory: first.directory, timeout: .seconds(20))
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("another running instance writes the audit chain 'gw-1'"))

        // A tenant changed through one instance is changed on the other within its refresh.
        let admin = try first.createKey(tenant: "ops", role: "admin")
        let suspended = try await HTTP.send("POST", first.baseURL + "/admin/tenants/acme/suspend", headers: [("authorization", "Bearer \(admin)")])
        #expect(suspended.status == 200)
        #expect(try await eventually(timeout: .seconds(15)) { try await second.post(body: Self.chat).status == 403 })
    }

    @Test("an instance fails closed while the database is down and serves again when it returns")
    func survivesDatabaseRestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-pg-restart-\(UUID().uuidString.prefix(8))").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/test-postgres.sh")
        func cluster(_ command: String) throws -> String {
            let run = try runToCompletion(script, [command], environment: ["SWITCHBOARD_TEST_POSTGRES_DIR": folder], directory: FileManager.default.temporaryDirectory, timeout: .seconds(60))
            guard run.status == 0 else { throw TestStores.Missing(description: "test-postgres.sh \(command) failed: \(run.stderr)") }
            return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = try cluster("start")
        defer { _ = try? cluster("stop") }
        guard case .success(let database) = PostgresSettings.parse(url: url, instance: "gw-1") else { throw TestStores.Missing(description: "bad URL \(url)") }
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await Self.instance("gw-1", database: database, fake: fake)
        defer { gateway.stop() }
        #expect(try await gateway.post(body: Self.chat).status == 200)

        _ = try cluster("stop")
        let during = try await gateway.post(body: Self.chat)
        #expect(during.status == 503, "\(during.status) \(during.body)")
        #expect(["audit_unavailable", "store_unavailable"].contains(during.errorCode ?? ""))
        #expect(try await HTTP.send("GET", gateway.baseURL + "/healthz").status == 200)

        _ = try cluster("start")
        #expect(try await eventually(timeout: .seconds(30)) { try await gateway.post(body: Self.chat).status == 200 })
        let verified = try runToCompletion(try BuiltProducts.url("switchboard"), ["audit", "verify", "--config", gateway.configPath], directory: gateway.directory)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
