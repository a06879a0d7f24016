import Foundation
import Synchronization
import Testing

/// End to end: the audit trail as the real binary writes it, read back through the admin API
/// and the command line, and after a crash.
@Suite("Audit trail, end to end")
struct AuditEndToEndTests {
    static let signingKey = "WjhTTpvkEsOvnwo5cPSZzuk+ikaEKSdhv5mwW4gOlgM="
    static let contentKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA="

    static func gateway(for fake: FakeProviderProcess, extra: String = "") async throws -> GatewayProcess {
        try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu] }"]) + """

            audit:
              signing_key: "\(signingKey)"
              checkpoint_every: 3
              content: encrypted
              content_key: "\(contentKey)"
            \(extra)
            """)
    }

    static func chat(_ text: String) -> String {
        #"{"model":"fin-chat","messages":[{"role":"user","content":"\#(text)"}]}"#
    }

    func audit(_ gateway: GatewayProcess, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runToCompletion(try BuiltProducts.url("switchboard"), ["audit"] + arguments + ["--config", gateway.configPath], directory: gateway.directory)
    }

    @Test("every exchange leaves one record; auditors read them, apps may not; the chain verifies and exports")
    func recordsAndAccess() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        #expect(try await gateway.post(body: Self.chat("客户张三的持仓"), headers: [("x-switchboard-user", "13800138000")]).status == 200)
        #expect(try await gateway.post(body: #"{"model":"fin-chat","stream":true,"messages":[{"role":"user","content":"流式"}]}"#).status == 200)
        #expect(try await gateway.post(body: #"{"model":"nope","messages":[{"role":"user","content":"x"}]}"#).status == 404)
        #expect(try await gateway.post(body: "{not json").status == 400)
        // The blocking threads are named for `top -H` and `perf`: none is left with the name of
        // the event loop that started it, so each loop's name appears once.
        let threads = gateway.process.threadNames
        #expect(threads.contains("audit-writer"), "threads: \(threads)")
        let loops = threads.filter { $0.hasPrefix("NIO-") }
        #expect(!loops.isEmpty && loops.count == Set(loops).count, "threads: \(threads)")

        let auditor = try gateway.createKey(tenant: "regulator", role: "auditor")
        let forbidden = try await HTTP.send("GET", gateway.baseURL + "/admin/audit", headers: [("authorization", "Bearer \(gateway.appKey)")])
        #expect(forbidden.status == 403)
        let listing = try await HTTP.send("GET", gateway.baseURL + "/admin/audit?tenant=acme&limit=10", headers: [("authorization", "Bearer \(auditor)")])
        #expect(listing.status == 200)
        let data = try #require(listing.json["data"] as? [[String: Any]])
        #expect(data.count == 4)
        let records = data.compactMap { $0["record"] as? [String: Any] }
        #expect(records.map { $0["status"] as? Int } == [200, 200, 404, 400])
        #expect(records[0]["end_user"] as? String != nil)
        #expect((records[0]["end_user"] as? String)?.hasPrefix("hmac-sha256:") == true)
        #expect(!listing.body.contains("13800138000"))
        #expect(!listing.body.contains("张三"), "content is stored encrypted only")
        #expect(records[0]["backend"] as? String == "gpu")
        #expect(records[0]["tokens_out"] as? Int != nil)
        #expect(records[1]["stream"] as? Bool == true)
        #expect(records[2]["error_code"] as? String == "model_not_found")
        let failedOnly = try await HTTP.send("GET", gateway.baseURL + "/admin/audit?status=404", headers: [("authorization", "Bearer \(auditor)")])
        #expect((failedOnly.json["data"] as? [[String: Any]])?.count == 1)
        let badQuery = try await HTTP.send("GET", gateway.baseURL + "/admin/audit?from=yesterday", headers: [("authorization", "Bearer \(auditor)")])
        #expect(badQuery.status == 400)

        let metrics = try await HTTP.send("GET", gateway.baseURL + "/metrics")
        #expect(metrics.status == 200)
        let samples = try PrometheusText.parse(metrics.body)
        #expect(samples[#"switchboard_requests_total{tenant="acme",model="fin-chat",backend="gpu",status="200"}"#] == 2)
        // A name that matched no alias is counted under model="", never as a series of its own.
        #expect(samples[#"switchboard_requests_total{tenant="acme",model="",backend="",status="404"}"#] == 1)
        #expect(!metrics.body.contains(#"model="nope""#))
        #expect(samples[#"switchboard_backend_up_bool{backend="gpu",zone="private"}"#] == 1)
        #expect(samples[#"switchboard_backend_circuit_state{backend="gpu",zone="private"}"#] == 0)
        #expect((samples[#"switchboard_tokens_total{tenant="acme",model="fin-chat",direction="out"}"#] ?? 0) > 0)
        #expect(samples[#"switchboard_gateway_overhead_seconds_count{model="fin-chat"}"#] == 2)
        #expect(samples[#"switchboard_time_to_first_token_seconds_count{model="fin-chat"}"#] == 1)
        #expect((samples["switchboard_audit_write_lag_seconds_count"] ?? 0) >= 1)
        #expect(samples["switchboard_in_flight_requests"] == 0)

        let verified = try audit(gateway, ["verify"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("OK: 4 audit records verified"))
        #expect(verified.stdout.contains("1 signed checkpoint"))

        let exportPath = gateway.directory.appendingPathComponent("export.jsonl").path
        let exported = try audit(gateway, ["export", "--output", exportPath, "--content-key", Self.contentKey])
        #expect(exported.status == 0, "\(exported.stderr)")
        let file = try String(contentsOfFile: exportPath, encoding: .utf8)
        #expect(file.contains("客户张三的持仓"), "the content key decrypts the retained content")
        let offline = try runToCompletion(try BuiltProducts.url("switchboard"), ["audit", "verify", "--file", exportPath])
        #expect(offline.status == 0, "\(offline.stdout)")
        #expect(offline.stdout.contains("OK: 4 chain entries verified"))

        let tampered = file.replacingOccurrences(of: #"\"status\":404"#, with: #"\"status\":200"#)
        #expect(tampered != file)
        let tamperedPath = gateway.directory.appendingPathComponent("tampered.jsonl").path
        try tampered.write(toFile: tamperedPath, atomically: true, encoding: .utf8)
        let caught = try runToCompletion(try BuiltProducts.url("switchboard"), ["audit", "verify", "--file", tamperedPath])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("TAMPERED: record 3"))
    }

    @Test("with server.metrics_token set, /metrics answers only its bearer, with an OpenAI-shaped 401 otherwise")
    func metricsToken() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu] }"], extraServer: #"  metrics_token: "scrape-7f3a9c""#))
        defer { gateway.stop() }

        for headers in [[], [("authorization", "Bearer wrong")], [("authorization", "scrape-7f3a9c")]] {
            let refused = try await HTTP.send("GET", gateway.baseURL + "/metrics", headers: headers)
            #expect(refused.status == 401)
            #expect((refused.json["error"] as? [String: Any])?["message"] as? String == "GET /metrics needs 'Authorization: Bearer' with the token set in server.metrics_token.")
        }
        let scraped = try await HTTP.send("GET", gateway.baseURL + "/metrics", headers: [("authorization", "Bearer scrape-7f3a9c")])
        #expect(scraped.status == 200)
        #expect(try PrometheusText.parse(scraped.body)["switchboard_in_flight_requests"] == 0)
    }

    @Test("after SIGKILL under load, every exchange the client saw complete has its record, and the chain verifies")
    func crashSafety() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }
        let auditor = try gateway.createKey(tenant: "regulator", role: "auditor")

        // The kill comes once the load is well under way (40 answers seen), however slow the
        // machine is, so the test does not depend on how fast the exchanges run.
        let answered = AnswerCount()
        let completed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var seen: [String] = []
                    for index in 0..<400 {
                        let id = "w\(worker)-\(index)"
                        guard let response = try? await gateway.post(body: Self.chat("负载 \(id)"), headers: [("x-request-id", id)]) else { break }
                        if response.status == 200 {
                            seen.append(id)
                            answered.value.add(1, ordering: .relaxed)
                        }
                    }
                    return seen
                }
            }
            group.addTask {
                _ = try await eventually(timeout: .seconds(60)) { answered.value.load(ordering: .relaxed) >= 40 }
                gateway.process.kill()
                return []
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(completed.count > 20, "the load ran before the kill")

        let restarted = try ChildProcess(
            name: "switchboard (restarted)", executable: try BuiltProducts.url("switchboard"), arguments: ["serve", "--config", gateway.configPath],
            directory: gateway.directory)
        defer { restarted.stop() }
        let line = try await restarted.waitForLine(containing: "\"msg\":\"listening\"")
        let port = try #require(line.range(of: #""address":"127.0.0.1:"#).flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) })
        var recorded = Set<String>()
        var after = "0"
        while true {
            let page = try await HTTP.send(
                "GET", "http://127.0.0.1:\(port)/admin/audit?limit=1000&after=\(after)", headers: [("authorization", "Bearer \(auditor)")])
            let data = page.json["data"] as? [[String: Any]] ?? []
            for entry in data {
                if let record = entry["record"] as? [String: Any], let id = record["request_id"] as? String { recorded.insert(id) }
            }
            guard let next = page.json["next_after"] as? Int else { break }
            after = String(next)
        }
        let missing = Set(completed).subtracting(recorded)
        #expect(missing.isEmpty, "completed exchanges without a record: \(missing.prefix(5))")
        let verified = try audit(gateway, ["verify"])
        #expect(verified.status == 0, "\(verified.stdout)")
    }
}

/// How many answers the load of a test has seen, shared by its tasks.
private final class AnswerCount: Sendable {
    let value = Atomic<Int>(0)
}
