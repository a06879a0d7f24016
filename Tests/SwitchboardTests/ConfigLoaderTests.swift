import Testing
@testable import Config

@Suite("Configuration")
struct ConfigLoaderTests {
    func parse(_ yaml: String, environment: [String: String] = [:]) throws(ConfigError) -> SwitchboardConfig {
        try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: environment)
    }

    func diagnostics(_ yaml: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try parse(yaml, environment: environment)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("the embedded defaults load: loopback host, the documented default port (a value read, nothing bound), SQLite under ./switchboard-data/")
    func embeddedDefaults() throws {
        let config = try ConfigLoader.load(path: nil, environment: [:])
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8080)
        #expect(config.store == .sqlite(path: "./switchboard-data/switchboard.db"))
        #expect(config.server.maxBodyBytes == 4 << 20)
        #expect(config.sourceFile == nil)
    }

    @Test("every field is read, with durations, sizes, targets and ${ENV} with fallbacks")
    func fullConfig() throws {
        let config = try parse("""
            server:
              listen: "[::1]:9090"
              max_body_bytes: 8MiB
              queue_timeout: 1.5s
            store:
              sqlite: /var/lib/switchboard/state.db
            backends:
              - name: 本地
                kind: openai
                url: http://gpu-1:8000/v1/
                zone: private
                capacity: 64
                model: Qwen/Qwen2.5-72B-Instruct
                timeouts: { connect: 250ms, first_byte: 20s, idle: 1m, total: 1h }
                circuit_breaker: { failures: 3, open_for: 30s }
                headers: { x-tenant-pool: finance }
              - { name: maas, kind: anthropic, url: "https://api.example.com", zone: public, api_key: "${KEY:-none}" }
            models:
              - alias: fin-chat
                strategy: weighted
                targets: [{ backend: 本地, weight: 3 }, { backend: maas, model: claude-x }]
                tenants: [acme]
                max_attempts: 4
            """)
        #expect(config.server.host == "::1")
        #expect(config.server.port == 9090)
        #expect(config.server.maxBodyBytes == 8 << 20)
        #expect(config.server.queueTimeout == .milliseconds(1500))
        let local = try #require(config.backend(named: "本地"))
        #expect(local.url == "http://gpu-1:8000/v1")
        #expect(local.capacity == 64)
        #expect(local.timeouts == BackendTimeouts(connect: .milliseconds(250), firstByte: .seconds(20), idle: .seconds(60), total: .seconds(3600)))
        #expect(local.circuitBreaker == CircuitBreakerSettings(failureThreshold: 3, openDuration: .seconds(30)))
        #expect(local.headers == ["x-tenant-pool": "finance"])
        #expect(config.backend(named: "maas")?.apiKey == "none")
        let model = try #require(config.model(alias: "fin-chat"))
        #expect(model.strategy == .weighted)
        #expect(model.targets == [ModelTarget(backend: "本地", weight: 3), ModelTarget(backend: "maas", model: "claude-x")])
        #expect(model.permits(tenant: "acme"))
        #expect(!model.permits(tenant: "other"))
        #expect(model.maxAttempts == 4)
    }

    @Test("problems are all reported at once, with line, column and key")
    func diagnosticsCollected() {
        let found = diagnostics("""
            backends:
              - { name: a, kind: openai, url: "http://x/v1", zone: private, timeouts: { idle: soon } }
              - { kind: openai, url: "http://y/v1", zone: private }
            models:
              - { alias: m, targets: [] }
              - { alias: m, targets: [a] }
            unknown_section: 1
            """)
        #expect(found.contains { $0.hasPrefix("test.yaml:2:") && $0.contains("backends[0].timeouts.idle: expected a duration") })
        #expect(found.contains { $0.hasPrefix("test.yaml:3:") && $0.contains("backends[1].name: is required") })
        #expect(found.contains { $0.hasPrefix("test.yaml:5:") && $0.contains("models[0].targets: list at least one backend") })
        #expect(found.contains { $0.hasPrefix("test.yaml:6:") && $0.contains("duplicate model alias 'm'") })
        #expect(found.contains { $0.hasPrefix("test.yaml:7:1:") && $0.contains("unknown_section: unknown key") })
    }

    @Test("connection limits are read and checked")
    func connectionLimits() throws {
        let config = try ConfigLoader.parse(
            yaml: "server:\n  max_header_bytes: 32KiB\n  read_timeout: 5s\n  idle_timeout: 2m\n  max_connections: 50\n", file: "test.yaml", environment: [:])
        #expect(config.server.maxHeaderBytes == 32 << 10)
        #expect(config.server.readTimeout == .seconds(5))
        #expect(config.server.idleTimeout == .seconds(120))
        #expect(config.server.maxConnections == 50)
        let defaults = ServerConfig.defaults
        #expect(defaults.maxHeaderBytes == 16 << 10 && defaults.readTimeout == .seconds(30) && defaults.idleTimeout == .seconds(60) && defaults.maxConnections == 1024)
        let found = diagnostics("server:\n  max_header_bytes: 100\n  max_connections: 0\n  read_timeout: later\n")
        #expect(found.contains { $0.hasPrefix("test.yaml:2:") && $0.contains("server.max_header_bytes: must be at least 1 KiB") })
        #expect(found.contains { $0.hasPrefix("test.yaml:3:") && $0.contains("server.max_connections") })
        #expect(found.contains { $0.hasPrefix("test.yaml:4:") && $0.contains("server.read_timeout: expected a duration") })
    }

    @Test("telemetry: the OTLP endpoint and its limits are read; a bad endpoint is named")
    func telemetry() throws {
        let config = try ConfigLoader.parse(yaml: """
            telemetry:
              service_name: 交易网关
              otlp: { endpoint: "http://collector:4318", headers: { authorization: "Bearer t" }, max_queued_spans: 100, max_batch: 10, export_interval: 250ms, export_timeout: 2s }
            """, file: "test.yaml", environment: [:])
        #expect(config.telemetry.otlpEndpoint == "http://collector:4318")
        #expect(config.telemetry.otlpHeaders == ["authorization": "Bearer t"])
        #expect(config.telemetry.serviceName == "交易网关")
        #expect(config.telemetry.maxQueuedSpans == 100 && config.telemetry.maxExportBatch == 10)
        #expect(config.telemetry.exportInterval == .milliseconds(250) && config.telemetry.exportTimeout == .seconds(2))
        #expect(ServerConfig.defaults.port == 8080)
        #expect(try ConfigLoader.parse(yaml: "", file: "test.yaml", environment: [:]).telemetry.otlpEndpoint == nil)
        let found = diagnostics("telemetry:\n  otlp: { endpoint: collector:4318 }\n")
        #expect(found.contains { $0.hasPrefix("test.yaml:2:") && $0.contains("telemetry.otlp.endpoint: expected the collector's http:// or https:// base URL") })
    }

    @Test("a list or mapping where a value belongs is named for what was expected")
    func wrongShapes() {
        let found = diagnostics("""
            backends:
              - { name: a, kind: [openai], url: "http://x/v1", zone: private, capacity: [1, 2], timeouts: { idle: { s: 1 } } }
            models:
              - { alias: m, targets: [a] }
            """)
        #expect(found.contains { $0.contains("backends[0].capacity: expected a whole number, found a list") }, "\(found)")
        #expect(found.contains { $0.contains("backends[0].timeouts.idle: expected a duration such as 500ms, 2s or 5m, found a mapping") }, "\(found)")
        #expect(found.contains { $0.contains("backends[0].kind: expected one of:") && $0.contains("found a list") }, "\(found)")
    }

    @Test("environment interpolation", arguments: [
        ("plain", "plain"), ("${A}", "alpha"), ("x-${A}-y", "x-alpha-y"), ("${MISSING:-fallback}", "fallback"), ("$${A}", "${A}"), ("$5", "$5"),
    ])
    func interpolation(input: String, expected: String) throws {
        #expect(try EnvironmentInterpolation(environment: ["A": "alpha"]).expand(input) == expected)
    }

    @Test("an unset variable names itself")
    func unsetVariable() {
        #expect(throws: EnvironmentInterpolation.UnsetVariable(name: "SECRET")) {
            try EnvironmentInterpolation(environment: [:]).expand("Bearer ${SECRET}")
        }
    }

    @Test("value formats", arguments: [("500ms", 500), ("2s", 2000), ("1.5s", 1500), ("5m", 300_000), ("3", 3000)])
    func durations(text: String, milliseconds: Int64) {
        #expect(ValueParsers.duration(text) == .milliseconds(milliseconds))
    }

    @Test("bad value formats are refused")
    func badValues() {
        #expect(ValueParsers.duration("soon") == nil)
        #expect(ValueParsers.duration("-1s") == nil)
        #expect(ValueParsers.byteSize("4MiB") == 4 << 20)
        #expect(ValueParsers.byteSize("0") == nil)
        #expect(ValueParsers.listenAddress("8080") == nil)
        #expect(ValueParsers.listenAddress("localhost:70000") == nil)
        #expect(!ValueParsers.isHTTPURL("ftp://x/v1"))
    }

    @Test("the redacted configuration keeps numbers, booleans and nulls as they were written")
    func redactionKeepsScalars() {
        let redacted = ConfigRedaction.redacted(yaml: """
            backends:
              - name: gpu-a
                capacity: 8
                stream_usage: false
                api_key: sk-secret
                zone: ~
            """)
        #expect(redacted.contains("capacity: 8") && redacted.contains("stream_usage: false") && redacted.contains("zone: ~"), "\(redacted)")
        #expect(redacted.contains("api_key: <redacted>") && !redacted.contains("sk-secret"))
    }

    @Test("http and https URLs with a host are accepted", arguments: [
        "http://10.20.30.40:11434/v1", "https://api.example.com", "HTTPS://API.example.com/v1?x=1#top",
        "http://[::1]:9000/v1", "http://user:pass@host/v1", "http://host:/v1", "https://host/%E6%A8%A1%E5%9E%8B/v1",
    ])
    func httpURLs(text: String) {
        #expect(ValueParsers.isHTTPURL(text))
    }

    @Test("URLs without a host, with a bad port or with characters a URL may not hold are refused", arguments: [
        "http://", "http:///v1", "http://?x", "http://user@/v1", "http://host:99999/v1", "http://host:8o/v1", "http://[::1/v1",
        "http://[::1]x/v1", "http://ho st/v1", "http://host/v1\n", "http://模型.example/v1", "mailto:someone@example.com", "http//host/v1",
        "host:8080", "",
    ])
    func notHTTPURLs(text: String) {
        #expect(!ValueParsers.isHTTPURL(text))
    }
}
