import Foundation
import Testing

/// The `switchboard` command: configuration checking, key administration, embedded defaults.
@Suite("Command line")
struct CommandLineTests {
    static func checkConfig(_ yaml: String, environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let directory = try ScratchSpace.directory("switchboard-cli")
        let file = directory.appendingPathComponent("switchboard.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try runToCompletion(try BuiltProducts.url("switchboard"), ["check-config", "--config", file.path], environment: environment, directory: directory)
    }

    static let issueExample = """
        server:
          listen: "127.0.0.1:0"
        store:
          sqlite: "./data/switchboard.db"
        backends:
          - { name: in-house, kind: openai, url: "http://127.0.0.1:8001/v1", zone: private, capacity: 8 }
          - { name: maas, kind: openai, url: "https://example.invalid/v1", zone: public, api_key: "${MAAS_KEY}" }
          - { name: claude, kind: anthropic, url: "https://example.invalid", zone: public, api_key: "${ANTHROPIC_KEY}" }
        models:
          - { alias: fin-chat, targets: [in-house, maas] }
        """

    @Test("the example configuration validates when its secrets are set")
    func exampleConfigValidates() throws {
        let result = try Self.checkConfig(Self.issueExample, environment: ["MAAS_KEY": "m", "ANTHROPIC_KEY": "a"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 backend(s), 1 model alias(es)"))
    }

    @Test("check-config writes nothing: a demo database not yet created is checked in memory, and a bad query against it is still an error")
    func checkConfigLeavesNoFiles() throws {
        // The embedded defaults name a demo database under ./switchboard-data.
        let empty = try ScratchSpace.directory("switchboard-cli")
        let defaults = try runToCompletion(try BuiltProducts.url("switchboard"), ["check-config"], directory: empty)
        #expect(defaults.status == 0, "\(defaults.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty, "check-config created files")

        let queries = """

            data_sources:
              - { name: core, sqlite: "./state/demo.db", demo: true }
            queries:
              - name: my_positions
                description: 持仓
                source: core
                sql: "SELECT code, quantity FROM positions WHERE client_id = :client_id"
                bind: { client_id: end_user }
            """
        let directory = try ScratchSpace.directory("switchboard-cli")
        let file = directory.appendingPathComponent("switchboard.yaml")
        try (Self.issueExample + queries).write(to: file, atomically: true, encoding: .utf8)
        let good = try runToCompletion(
            try BuiltProducts.url("switchboard"), ["check-config", "--config", file.path], environment: ["MAAS_KEY": "m", "ANTHROPIC_KEY": "a"], directory: directory)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["switchboard.yaml"], "check-config created files")
        let bad = try Self.checkConfig(
            Self.issueExample + queries.replacingOccurrences(of: "FROM positions", with: "FROM no_such_table"), environment: ["MAAS_KEY": "m", "ANTHROPIC_KEY": "a"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("my_positions") && bad.stderr.contains("no_such_table"), "\(bad.stderr)")
    }

    @Test("a privacy dictionary that cannot be read stops check-config (and serve) with its path")
    func unreadableDictionary() throws {
        let result = try Self.checkConfig(Self.issueExample + """

            privacy:
              dictionaries:
                - { type: person_name, file: no-such-names.txt }
            """, environment: ["MAAS_KEY": "m", "ANTHROPIC_KEY": "a"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-names.txt") && result.stderr.contains("cannot be read"), "\(result.stderr)")
    }

    @Test("unset secrets, unknown keys, wrong types, missing backends and duplicates are each named with line and key")
    func configErrors() throws {
        let unset = try Self.checkConfig(Self.issueExample, environment: ["MAAS_KEY": ""])
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("switchboard.yaml:7:"))
        #expect(unset.stderr.contains("backends[1].api_key: environment variable MAAS_KEY is not set"))
        #expect(unset.stderr.contains("switchboard.yaml:8:"))

        let broken = try Self.checkConfig("""
            server:
              listen: "127.0.0.1:0"
              colour: blue
            backends:
              - { name: gpu, kind: openai, url: "http://127.0.0.1:8001/v1", zone: private, capacity: many }
              - { name: gpu, kind: grpc, url: "not a url", zone: cloud }
            models:
              - { alias: 行情助手, targets: [gpu, 不存在的后端] }
            """)
        #expect(broken.status == 2)
        let lines = broken.stderr
        #expect(lines.contains("switchboard.yaml:3:3: error: server.colour: unknown key"))
        #expect(lines.contains("switchboard.yaml:5:") && lines.contains("backends[0].capacity: expected a whole number, found 'many'"))
        #expect(lines.contains("backends[1].kind: 'grpc' is not one of: openai, anthropic"))
        #expect(lines.contains("backends[1].url: expected an http:// or https:// URL"))
        #expect(lines.contains("backends[1].zone: 'cloud' is not one of: private, public"))
        #expect(lines.contains("backends[1].name: duplicate backend name 'gpu'"))
        #expect(lines.contains("switchboard.yaml:8:") && lines.contains("models[0].targets[1]: there is no backend named '不存在的后端'"))

        let notYAML = try Self.checkConfig("server: [unclosed\n")
        #expect(notYAML.status == 2)
        #expect(notYAML.stderr.contains("invalid YAML"))
    }

    @Test("keys are created, listed without secrets, and a revoked key is refused")
    func keyLifecycle() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu] }"]))
        defer { gateway.stop() }
        let binary = try BuiltProducts.url("switchboard")

        let doomed = try gateway.createKey(tenant: "招商证券", role: "app")
        #expect(doomed.hasPrefix("sk-sb-"))
        let list = try runToCompletion(binary, ["keys", "list", "--config", gateway.configPath], directory: gateway.directory)
        #expect(list.status == 0)
        #expect(list.stdout.contains("招商证券\tapp"))
        #expect(!list.stdout.contains(doomed))
        let id = try #require(list.stdout.split(separator: "\n").first { $0.contains("招商证券") }?.split(separator: "\t").first)

        let revoke = try runToCompletion(binary, ["keys", "revoke", String(id), "--config", gateway.configPath], directory: gateway.directory)
        #expect(revoke.status == 0)
        let refused = try await gateway.post(body: #"{"model":"fin-chat","messages":[{"role":"user","content":"x"}]}"#, key: doomed)
        #expect(refused.status == 401)
        let again = try runToCompletion(binary, ["keys", "revoke", String(id), "--config", gateway.configPath], directory: gateway.directory)
        #expect(again.status == 1)
        #expect(again.stderr.contains("no active key"))

        let badRole = try runToCompletion(binary, ["keys", "create", "--tenant", "x", "--role", "root", "--config", gateway.configPath], directory: gateway.directory)
        #expect(badRole.status != 0)
    }

    @Test("serve --listen refuses an address that is not host:port, and starts nothing")
    func badListenAddress() throws {
        let directory = try ScratchSpace.directory("switchboard-cli")
        for bad in ["8080", "127.0.0.1:99999", ":0", "127.0.0.1:端口"] {
            let result = try runToCompletion(try BuiltProducts.url("switchboard"), ["serve", "--listen", bad], directory: directory)
            #expect(result.status == 2, "\(bad)")
            #expect(result.stderr.contains("--listen must be host:port"), "\(bad): \(result.stderr)")
        }
    }

    @Test("with no configuration it serves on the embedded defaults, answers quote, limit and suitability questions without a model, and prints the first admin key once")
    func embeddedDefaults() async throws {
        let directory = try ScratchSpace.directory("switchboard-cli")
        let binary = try BuiltProducts.url("switchboard")
        // The embedded defaults, on a free port instead of their 8080.
        let first = try ChildProcess(name: "switchboard", executable: binary, arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory)
        let keyLine = try await first.waitForLine(containing: "sk-sb-")
        let listening = try await first.waitForLine(containing: #""msg":"listening""#)
        let port = try #require(listening.range(of: #""address":"127.0.0.1:"#).flatMap { Int(listening[$0.upperBound...].prefix { $0.isNumber }) })
        let base = "http://127.0.0.1:\(port)"
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("switchboard-data/switchboard.db").path))
        let models = try await HTTP.send("GET", base + "/v1/models", headers: [("authorization", "Bearer \(keyLine)")])
        #expect(models.status == 200)
        #expect(models.body.contains(#""id":"default""#))
        #expect(models.body.contains(#""id":"switchboard/direct""#))

        // No model is running: the embedded scenario's intents answer from the plugins alone.
        func ask(_ question: String, stream: Bool = false) async throws -> HTTP.Response {
            let content = String(data: try JSONSerialization.data(withJSONObject: [question]), encoding: .utf8)!.dropFirst().dropLast()
            return try await HTTP.send(
                "POST", base + "/v1/chat/completions",
                body: #"{"model":"switchboard/direct","stream":\#(stream),"messages":[{"role":"user","content":\#(content)}]}"#,
                headers: [("authorization", "Bearer \(keyLine)")])
        }
        func answer(_ response: HTTP.Response) -> String {
            ((response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
        }
        let quote = try await ask("600519 现价多少")
        #expect(quote.status == 200, "\(quote.body)")
        #expect(answer(quote).hasPrefix("贵州茅台（600519）最新价 "), "\(answer(quote))")
        #expect(answer(quote).contains("simulated market"))
        let byName = try await ask("quote 平安银行")
        #expect(answer(byName).hasPrefix("平安银行（000001）最新价"), "\(answer(byName))")
        let limits = try await ask("300750 涨停价")
        #expect(answer(limits).hasPrefix("宁德时代（300750）今日涨停价 "), "\(answer(limits))")
        let suitability = try await ask("C3 客户能买 R4 产品吗？")
        #expect(answer(suitability).contains("不匹配"), "\(answer(suitability))")
        let streamed = try await ask("600519 现价多少", stream: true)
        #expect(streamed.events.last == "[DONE]")
        #expect(streamed.events.contains { $0.contains("贵州茅台") })
        let unmatched = try await ask("明天会下雨吗")
        #expect(unmatched.status == 400)
        #expect(unmatched.errorCode == "no_intent_matched")
        #expect(unmatched.errorMessage?.contains("{code} 现价多少") == true)
        let unknownCode = try await ask("999999 现价多少")
        #expect(unknownCode.errorCode == "no_intent_matched", "an unknown code does not produce an answer")
        first.stop()

        let second = try ChildProcess(name: "switchboard", executable: binary, arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory)
        _ = try await second.waitForLine(containing: #""msg":"listening""#)
        second.stop()
        #expect(!second.log.contains("sk-sb-"))
    }
}

/// `switchboard tool` and the scenario sections of the configuration.
@Suite("Command line: tools and scenarios")
struct ToolCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runToCompletion(try BuiltProducts.url("switchboard"), arguments, directory: try ScratchSpace.directory("switchboard-cli"))
    }

    @Test("switchboard tool runs a plugin and prints its result with provenance; a failed call exits 1 with an error object")
    func toolCommand() throws {
        let ok = try Self.run(["tool", "calculate", "--args", #"{"expression": "round(1.15 * 1.1, 2)"}"#])
        #expect(ok.status == 0, "\(ok.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect((json["result"] as? [String: Any])?["result"] as? String == "1.27")
        #expect((json["provenance"] as? [String: Any])?["source"] as? String == "switchboard.calculate")
        let bad = try Self.run(["tool", "calendar", "--args", #"{"action": "someday", "date": "2026-02-30"}"#])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("invalid_arguments"))
        #expect(bad.stderr.contains("$.action: must be one of"))
        let list = try Self.run(["tool", "--list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains(#""name":"calendar""#))
    }

    @Test("the rule plugins answer from the command line with verdicts and explanations")
    func rulePluginsFromTheCommandLine() throws {
        let limits = try Self.run(["tool", "price_limits", "--args", #"{"board":"main","st":false,"prev_close":"12.34","as_of":"2026-09-15"}"#])
        #expect(limits.status == 0, "\(limits.stderr)")
        let result = try #require((try JSONSerialization.jsonObject(with: Data(limits.stdout.utf8)) as? [String: Any])?["result"] as? [String: Any])
        #expect(result["up_limit"] as? String == "13.57")
        #expect(result["down_limit"] as? String == "11.11")
        #expect((result["explanation"] as? [[String: Any]])?.contains { $0["id"] as? String == "price_limit.band" } == true)
        let order = try Self.run([
            "tool", "check_order", "--args",
            #"{"code":"600519","side":"sell","qty":150,"price":"1500.00","prev_close":"1480.00","time":"10:30:00","as_of":"2026-10-01","holding":{"total":300,"bought_today":100}}"#,
        ])
        #expect(order.status == 0, "\(order.stderr)")
        #expect(order.stdout.contains(#""verdict":"reject""#))
        #expect(order.stdout.contains("not_a_trading_day"), "2026-10-01 is National Day")
        #expect(order.stdout.contains("odd_lot_must_be_sold_at_once"), "selling 150 of 200 sellable shares would leave an odd lot")
        let suitability = try Self.run(["tool", "check_suitability", "--args", #"{"investor":"C3","product":"R4","initiated_by":"investor"}"#])
        #expect(suitability.stdout.contains(#""verdict":"warn_and_confirm""#), "\(suitability.stdout)")
        let unknown = try Self.run(["tool", "price_limits", "--args", #"{"code":"999999","prev_close":"1","as_of":"2026-09-15"}"#])
        #expect(unknown.status == 1)
    }

    @Test("scenario mistakes are configuration errors with file, line and key")
    func scenarioDiagnostics() throws {
        let yaml = CommandLineTests.issueExample + """

            scenarios:
              - name: analyst
                model: fin-chat
                prompt: "你是{{tenant}}的分析助手。{{#open}}"
                plugins: [calculate, quotes]
              - name: desk
                model: no-such-model
            plugins:
              http:
                - { name: crm, description: CRM, url: "ftp://crm", effect: maybe }
            """
        let result = try CommandLineTests.checkConfig(yaml, environment: ["MAAS_KEY": "m", "ANTHROPIC_KEY": "a"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(":16:") && result.stderr.contains("scenarios[0].prompt: the Mustache template does not parse"), "\(result.stderr)")
        #expect(result.stderr.contains("scenarios[1].model: there is no model alias 'no-such-model'"), "\(result.stderr)")
        #expect(result.stderr.contains("scenarios[0].plugins: there is no plugin named 'quotes'"), "\(result.stderr)")
        #expect(result.stderr.contains("plugins.http[0].url: expected an http:// or https:// URL"), "\(result.stderr)")
        #expect(result.stderr.contains("plugins.http[0].effect: expected read or write"), "\(result.stderr)")
    }
}
