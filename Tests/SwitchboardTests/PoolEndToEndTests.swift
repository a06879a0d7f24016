import Foundation
import Synchronization
import Testing

/// Completed requests and their latencies, per tenant, as the flooding clients saw them.
final class LoadTally: Sendable {
    private let latencies = Mutex<[String: [Double]]>([:])
    private let failures = Mutex<[String: [Int]]>([:])

    func record(_ tenant: String, seconds: Double) { latencies.withLock { $0[tenant, default: []].append(seconds) } }

    func fail(_ tenant: String, status: Int) { failures.withLock { $0[tenant, default: []].append(status) } }

    var byTenant: [String: [Double]] { latencies.withLock { $0 } }

    /// The statuses of requests that did not succeed, by tenant.
    var failedByTenant: [String: [Int]] { failures.withLock { $0 } }
}

/// End to end, over real sockets: the real gateway binary sharing a small backend (the model
/// double with a fixed latency) between tenants, and enforcing their quotas on every route.
@Suite("The pool: fair shares, priorities, quotas on every route, budgets, the admin API and chargeback")
struct PoolEndToEndTests {
    static func chat(_ text: String, maxTokens: Int? = nil, stream: Bool = false, model: String = "fin-chat") -> String {
        let content = String(data: try! JSONSerialization.data(withJSONObject: [text]), encoding: .utf8)!.dropFirst().dropLast()
        let limit = maxTokens.map { #","max_tokens":\#($0)"# } ?? ""
        return #"{"model":"\#(model)","stream":\#(stream)\#(limit),"messages":[{"role":"user","content":\#(content)}]}"#
    }

    /// A gateway in front of one backend of `capacity` slots on `fake`, with `extra` YAML appended.
    static func gateway(fake: FakeProviderProcess, capacity: Int = 16, backendExtra: String = "", extra: String) async throws -> GatewayProcess {
        var yaml = gatewayYAML(
            backends: [#"{ name: gpu-a, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, capacity: \#(capacity), model: qwen2.5-72b\#(backendExtra) }"#],
            models: ["{ alias: fin-chat, targets: [gpu-a] }"])
        yaml += "\n" + extra
        return try await GatewayProcess(yaml: yaml)
    }

    /// Runs `clients` closed-loop clients per tenant until `enough` holds of what they have
    /// completed (or `seconds` pass, whichever is first), recording each success.
    static func flood(
        _ gateway: GatewayProcess, keys: [String: String], clients: [String: Int], seconds: Double, headers: [String: [(String, String)]] = [:],
        until enough: @escaping @Sendable ([String: [Double]]) -> Bool
    ) async throws -> LoadTally {
        let tally = LoadTally()
        let deadline = Date().addingTimeInterval(seconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (tenant, count) in clients {
                for _ in 0..<count {
                    group.addTask {
                        while Date() < deadline, !enough(tally.byTenant) {
                            let started = Date()
                            let response = try await gateway.post(body: Self.chat("你好"), key: keys[tenant], headers: headers[tenant] ?? [])
                            if response.status != 200 {
                                tally.fail(tenant, status: response.status)
                            } else if Date() < deadline, !enough(tally.byTenant) {
                                tally.record(tenant, seconds: Date().timeIntervalSince(started))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return tally
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .infinity }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    static func standing(_ gateway: GatewayProcess, _ tenant: String, admin: String) async throws -> [String: Any] {
        let response = try await HTTP.send("GET", gateway.baseURL + "/admin/tenants/\(tenant)", headers: [("authorization", "Bearer \(admin)")])
        #expect(response.status == 200)
        return response.json["usage"] as? [String: Any] ?? [:]
    }

    @Test("quotas on chat, embeddings and streams: concurrency per key, tokens reserved from the estimate, a stream without usage settled from what was relayed")
    func quotasOnEveryRoute() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"慢","delay_ms":8000},{"chunks":4}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(fake: fake, backendExtra: ", stream_usage: false", extra: """
            tenants:
              - { name: solo, max_concurrent_per_key: 1 }
              - { name: tiny, tokens_per_day: 50 }
              - { name: streamer }
            """)
        defer { gateway.stop() }
        let admin = try gateway.createKey(tenant: "ops", role: "admin")
        let solo = try gateway.createKey(tenant: "solo", role: "app")
        let slow = Task { try await gateway.post(body: Self.chat("慢一点回答"), key: solo) }
        #expect(try await eventually { try await fake.requests().count == 1 })
        let second = try await gateway.post(body: Self.chat("你好"), key: solo)
        #expect(second.status == 429)
        #expect(second.errorCode == "quota_exceeded")
        #expect((second.json["error"] as? [String: Any])?["param"] as? String == "max_concurrent_per_key")
        #expect(second.headers.first(name: "retry-after") == "1")
        #expect(try await slow.value.status == 200)
        #expect(try await gateway.post(body: Self.chat("你好"), key: solo).status == 200)

        let tiny = try gateway.createKey(tenant: "tiny", role: "app")
        let large = try await gateway.post(body: Self.chat("你好", maxTokens: 100), key: tiny)
        #expect(large.status == 429)
        #expect((large.json["error"] as? [String: Any])?["param"] as? String == "tokens_per_day")
        #expect(large.headers.first(name: "retry-after") == nil)
        #expect(large.errorMessage?.contains("max_tokens") == true)
        let embedding = try await gateway.post("/v1/embeddings", body: #"{"model":"fin-chat","input":"\#(String(repeating: "资产配置", count: 20))"}"#, key: tiny)
        #expect(embedding.status == 429)
        #expect(try await gateway.post(body: Self.chat("你好", maxTokens: 5), key: tiny).status == 200)

        let streamer = try gateway.createKey(tenant: "streamer", role: "app")
        let streamed = try await gateway.post(body: Self.chat("请简单介绍一下贵州茅台这家公司", stream: true), key: streamer)
        #expect(streamed.status == 200)
        #expect(!streamed.body.contains("\"usage\":{"))
        // Settled from the relayed text ("You said: …", about 25 tokens), not the 1,024 reserved.
        let usage = try await Self.standing(gateway, "streamer", admin: admin)
        let tokens = usage["tokens_today"] as? Int ?? 0
        print("a usage-less stream was settled at \(tokens) tokens")
        #expect((20...200).contains(tokens))
        #expect(usage["reserved_tokens"] as? Int == 0)
        #expect(usage["in_flight"] as? Int == 0)
    }

    @Test("a tool-loop step is refused when its reservation would pass the tenant's tokens, after the first call went")
    func toolLoopStepQuota() async throws {
        let fake = try await FakeProviderProcess(script: """
            {"rules":[{"when":"tool_result","reply":{"content":"结果是 {{tool_results}}"}},
                      {"reply":{"toolCalls":[{"name":"calculate","arguments":"{\\"expression\\":\\"1+1\\"}"}]}}]}
            """)
        defer { fake.stop() }
        let gateway = try await Self.gateway(fake: fake, extra: """
            scenarios:
              - { name: analyst, model: fin-chat, plugins: [calculate], max_steps: 3 }
            tenants:
              - { name: stepper, tokens_per_day: 150000 }
            """)
        defer { gateway.stop() }
        let key = try gateway.createKey(tenant: "stepper", role: "app")
        // Each call reserves its prompt and 100,000 completion tokens: the first fits, the second does not.
        let response = try await gateway.post(body: Self.chat("一加一等于几", maxTokens: 100_000, model: "scenario/analyst"), key: key)
        #expect(response.status == 429)
        #expect((response.json["error"] as? [String: Any])?["param"] as? String == "tokens_per_day")
        #expect(try await fake.requests().count == 1)
        let admin = try gateway.createKey(tenant: "ops", role: "admin")
        let usage = try await Self.standing(gateway, "stepper", admin: admin)
        #expect(usage["reserved_tokens"] as? Int == 0)
        #expect((usage["tokens_today"] as? Int ?? 0) > 0)
    }

    @Test("a prepaid budget holds under concurrent requests: spend never passes it, and the rest are refused naming it")
    func budgetUnderConcurrency() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"delay_ms":3000,"reply":{"content":"好的"}}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(fake: fake, extra: """
            prices:
              - { backend: gpu-a, input_per_million: "1000.00", output_per_million: "1000.00" }
            tenants:
              - { name: thrifty, budget: { prepaid: "0.50" } }
            """)
        defer { gateway.stop() }
        let key = try gateway.createKey(tenant: "thrifty", role: "app")
        let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let response = try await gateway.post(body: Self.chat("请问贵州茅台今天的行情", maxTokens: 20), key: key)
                    return (response.status, (response.json["error"] as? [String: Any])?["param"] as? String)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let admitted = statuses.filter { $0.0 == 200 }.count
        let refused = statuses.filter { $0.0 == 429 && $0.1 == "budget.prepaid" }.count
        let admin = try gateway.createKey(tenant: "ops", role: "admin")
        let usage = try await Self.standing(gateway, "thrifty", admin: admin)
        let spent = Decimal(string: usage["cost_total"] as? String ?? "") ?? -1
        print("prepaid budget 0.50: \(admitted) admitted, \(refused) refused, spent \(spent)")
        #expect(admitted >= 1)
        #expect(refused >= 1)
        #expect(admitted + refused == 20)
        #expect(spent > 0)
        #expect(spent <= Decimal(string: "0.50")!)
    }

    @Test("the admin API changes, suspends and resumes a tenant without a restart, audited; usage comes as JSON, CSV and the month's chargeback")
    func adminAPIAndChargeback() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await Self.gateway(fake: fake, backendExtra: ", lent_by: big-broker", extra: """
            prices:
              - { backend: gpu-a, model: qwen2.5-72b, input_per_million: "4.00", output_per_million: "12.00" }
            tenants:
              - { name: big-broker, share: 3 }
            """)
        defer { gateway.stop() }
        let admin = try gateway.createKey(tenant: "ops", role: "admin")
        let auth = [("authorization", "Bearer \(admin)")]
        #expect(try await gateway.post(body: Self.chat("你好")).status == 200)

        let set = try await HTTP.send("PUT", gateway.baseURL + "/admin/tenants/acme", body: #"{"share":2,"requests_per_minute":1000,"budget":{"monthly":"100.00"}}"#, headers: auth)
        #expect(set.status == 200)
        #expect((set.json["policy"] as? [String: Any])?["share"] as? Int == 2)
        let suspended = try await HTTP.send("POST", gateway.baseURL + "/admin/tenants/acme/suspend", headers: auth)
        #expect(suspended.status == 200)
        let refused = try await gateway.post(body: Self.chat("你好"))
        #expect(refused.status == 403)
        #expect(refused.errorCode == "tenant_suspended")
        #expect(try await HTTP.send("POST", gateway.baseURL + "/admin/tenants/acme/resume", headers: auth).status == 200)
        #expect(try await gateway.post(body: Self.chat("你好")).status == 200)
        let kept = try await HTTP.send("GET", gateway.baseURL + "/admin/tenants/acme", headers: auth)
        #expect(((kept.json["policy"] as? [String: Any])?["budget"] as? [String: Any])?["monthly"] as? String == "100")

        // A Chinese tenant name in the path is the tenant of that name, as keys name it.
        let chinese = try await HTTP.send("PUT", gateway.baseURL + "/admin/tenants/%E4%B8%AD%E4%BF%A1%E8%AF%81%E5%88%B8", body: #"{"share":4}"#, headers: auth)
        #expect(chinese.status == 200)
        #expect(chinese.json["name"] as? String == "中信证券")

        // Bad input is refused with the field named; an app key may not change tenants.
        let wrongType = try await HTTP.send("PUT", gateway.baseURL + "/admin/tenants/acme", body: #"{"share":"3"}"#, headers: auth)
        #expect(wrongType.status == 400)
        #expect((wrongType.json["error"] as? [String: Any])?["param"] as? String == "share")
        let unknown = try await HTTP.send("PUT", gateway.baseURL + "/admin/tenants/acme", body: #"{"shares":3}"#, headers: auth)
        #expect(unknown.status == 400)
        let float = try await HTTP.send("PUT", gateway.baseURL + "/admin/tenants/acme", body: #"{"budget":{"monthly":100.5}}"#, headers: auth)
        #expect(float.status == 400)
        let byApp = try await HTTP.send("PUT", gateway.baseURL + "/admin/tenants/acme", body: "{}", headers: [("authorization", "Bearer \(gateway.appKey)")])
        #expect(byApp.status == 403)

        let auditor = try gateway.createKey(tenant: "regulator", role: "auditor")
        let audit = try await HTTP.send("GET", gateway.baseURL + "/admin/audit?limit=100", headers: [("authorization", "Bearer \(auditor)")])
        let records = (audit.json["data"] as? [[String: Any]] ?? []).compactMap { $0["record"] as? [String: Any] }
        let changes = records.filter { $0["operation"] as? String == "admin/tenants/set" }
        #expect(changes.count == 4)
        #expect(changes.contains { ($0["change"] as? String)?.contains(#""suspended":true"#) == true })

        let usage = try await HTTP.send("GET", gateway.baseURL + "/admin/usage", headers: auth)
        #expect(usage.status == 200)
        let rows = usage.json["data"] as? [[String: Any]] ?? []
        let served = rows.filter { $0["tenant"] as? String == "acme" && $0["backend"] as? String == "gpu-a" }
        #expect(served.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } == 2)
        #expect(served.allSatisfy { $0["lender"] as? String == "big-broker" })
        let lenders = usage.json["lenders"] as? [[String: Any]] ?? []
        #expect(lenders.first?["lender"] as? String == "big-broker")
        #expect(Decimal(string: lenders.first?["earned"] as? String ?? "0")! > 0)
        let csv = try await HTTP.send("GET", gateway.baseURL + "/admin/usage?format=csv", headers: auth)
        #expect(csv.headers.first(name: "content-type")?.hasPrefix("text/csv") == true)
        #expect(csv.body.hasPrefix("day,tenant,key_id,scenario,model,backend,lender,requests,tokens_in,tokens_out,cost,latency_ms,errors\r\n"))
        let ownOnly = try await HTTP.send("GET", gateway.baseURL + "/admin/usage?tenant=big-broker", headers: [("authorization", "Bearer \(gateway.appKey)")])
        #expect(ownOnly.status == 403)
        let badMonth = try await HTTP.send("GET", gateway.baseURL + "/admin/usage?month=2026-13", headers: auth)
        #expect(badMonth.status == 400)

        // The month's chargeback from the command line (the month the requests fell in, in the pool's zone).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month], from: Date())
        let month = String(format: "%04d-%02d", parts.year!, parts.month!)
        let printed = try runToCompletion(
            try BuiltProducts.url("switchboard"), ["usage", "--month", month, "--config", gateway.configPath], directory: gateway.directory)
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("acme\t2\t"))
        #expect(printed.stdout.contains("big-broker\t"))
        let invalid = try runToCompletion(try BuiltProducts.url("switchboard"), ["usage", "--month", "November", "--config", gateway.configPath], directory: gateway.directory)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("--month"))
    }
}

/// The pool under load: fair shares and priorities measured with the real binary. Run alone
/// (scripts/test.sh gives them their own run): beside hundreds of other tests on two cores the
/// clients themselves starve, and the shares measured would be the machine's, not the scheduler's.
@Suite("The pool under load: fair shares and priorities", .serialized)
struct PoolLoadTests {
    @Test("three tenants flooding a two-slot backend each get completions in proportion to their shares")
    func fairShares() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"delay_ms":40}]}"#)
        defer { fake.stop() }
        let gateway = try await PoolEndToEndTests.gateway(fake: fake, capacity: 2, extra: """
            tenants:
              - { name: big, share: 3 }
              - { name: mid, share: 2 }
              - { name: small, share: 1 }
            """)
        defer { gateway.stop() }
        let keys = try Dictionary(uniqueKeysWithValues: ["big", "mid", "small"].map { ($0, try gateway.createKey(tenant: $0, role: "app")) })
        // Until 180 requests completed: a count, not a time, so a slow machine measures the same thing.
        let tally = try await PoolEndToEndTests.flood(gateway, keys: keys, clients: ["big": 8, "mid": 8, "small": 8], seconds: 60) { completed in
            completed.values.reduce(0) { $0 + $1.count } >= 180
        }
        let counts = tally.byTenant.mapValues(\.count)
        let total = Double(counts.values.reduce(0, +))
        let weights = ["big": 3.0, "mid": 2.0, "small": 1.0]
        var report: [String] = []
        for (tenant, weight) in weights.sorted(by: { $0.value > $1.value }) {
            let share = Double(counts[tenant] ?? 0) / total
            let expected = weight / 6
            report.append("\(tenant) \(counts[tenant] ?? 0) (\(String(format: "%.3f", share)) of \(Int(total)), weight \(String(format: "%.3f", expected)))")
            #expect(abs(share - expected) <= expected * 0.10, "\(tenant): share \(share), expected \(expected) ± 10%")
        }
        print("fair shares on a 2-slot backend: " + report.joined(separator: "; "))
        #expect(tally.failedByTenant.isEmpty, "failed requests: \(tally.failedByTenant)")
        #expect(total >= 180)
    }

    @Test("a light interactive tenant's wait stays short while a batch tenant floods the backend")
    func interactiveBeatsBatch() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"delay_ms":40}]}"#)
        defer { fake.stop() }
        let gateway = try await PoolEndToEndTests.gateway(fake: fake, capacity: 2, extra: "tenants:\n  - { name: bulk, share: 4 }\n  - { name: desk, share: 1 }")
        defer { gateway.stop() }
        let keys = ["bulk": try gateway.createKey(tenant: "bulk", role: "app"), "desk": try gateway.createKey(tenant: "desk", role: "app")]
        let tally = try await PoolEndToEndTests.flood(
            gateway, keys: keys, clients: ["bulk": 12, "desk": 1], seconds: 60, headers: ["bulk": [("x-switchboard-priority", "batch")]]
        ) { completed in (completed["desk"]?.count ?? 0) >= 30 }
        let desk = tally.byTenant["desk"] ?? []
        let bulk = tally.byTenant["bulk"] ?? []
        let deskP95 = PoolEndToEndTests.percentile(desk, 0.95)
        let bulkP50 = PoolEndToEndTests.percentile(bulk, 0.5)
        print(String(format: "interactive desk p95 %.0f ms over %d requests; batch bulk p50 %.0f ms over %d", deskP95 * 1000, desk.count, bulkP50 * 1000, bulk.count))
        #expect(tally.failedByTenant.isEmpty, "failed requests: \(tally.failedByTenant)")
        #expect(desk.count >= 30)
        #expect(bulk.count >= 10)
        #expect(deskP95 < bulkP50)
        // A wrong class is refused, not ignored.
        let wrong = try await gateway.post(body: PoolEndToEndTests.chat("你好"), key: keys["desk"], headers: [("x-switchboard-priority", "urgent")])
        #expect(wrong.status == 400)
        #expect(wrong.errorCode == "invalid_priority")
    }

}
