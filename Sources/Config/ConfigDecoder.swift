import Foundation
import Yams

/// Turns a YAML node tree into a ``SwitchboardConfig``, checking the schema and the references
/// between sections (aliases → backends, unique names).
struct ConfigDecoder {
    var reader: ConfigReader

    init(file: String, interpolation: EnvironmentInterpolation) {
        reader = ConfigReader(file: file, interpolation: interpolation)
    }

    /// Decodes `root` (nil for an empty document) or throws every problem found.
    mutating func decode(_ root: Node?) throws(ConfigError) -> SwitchboardConfig {
        var config = SwitchboardConfig(server: .defaults, store: .defaults, backends: [], models: [], sourceFile: reader.file)
        if let root, !reader.isNull(root),
           let sections = reader.mapping(root, key: "", allowed: [
               "server", "store", "backends", "models", "audit", "privacy", "policy", "plugins", "quotes", "knowledge", "data_sources", "queries", "mcp_servers", "approvals", "scenarios", "telemetry",
               "checks", "rule_sets", "pool", "tenants", "prices", "console", "responses",
           ]) {
            if let node = sections["telemetry"] { config.telemetry = telemetry(node) }
            if let node = sections["console"] { config.console = console(node) }
            if let node = sections["responses"] { config.responses = responses(node) }
            if let node = sections["server"] { config.server = server(node) }
            if let node = sections["store"] { config.store = store(node) }
            if let node = sections["audit"] { config.audit = audit(node) }
            if let node = sections["privacy"] { config.privacy = privacy(node) }
            if let node = sections["policy"] { config.policy = policy(node) }
            if let node = sections["backends"], let items = reader.sequence(node, key: "backends") {
                config.backends = items.enumerated().compactMap { backend($1, key: "backends[\($0)]") }
                checkUniqueBackendNames(items)
            }
            if let node = sections["models"], let items = reader.sequence(node, key: "models") {
                config.models = items.enumerated().compactMap { model($1, key: "models[\($0)]", backends: config.backends, backendNodes: sections["backends"]) }
                checkUniqueAliases(items)
            }
            if let node = sections["pool"] { config.pool = pool(node) }
            if let node = sections["prices"] { config.prices = prices(node, backends: config.backends) }
            if let node = sections["plugins"] { config.plugins = plugins(node) }
            if let node = sections["approvals"] { config.approvals = approvals(node) }
            if let node = sections["quotes"] { config.quotes = quotes(node) }
            if let node = sections["knowledge"] {
                config.knowledge = knowledge(node)
                if let model = config.knowledge?.rerank?.model {
                    if let alias = config.models.first(where: { $0.alias == model }) {
                        for target in alias.targets where config.backend(named: target.backend)?.zone != .private {
                            reader.report(node, key: "knowledge.rerank.model", "the alias '\(model)' can use the backend '\(target.backend)', which is not in the private zone; documents may only be embedded in the house")
                        }
                    } else {
                        reader.report(node, key: "knowledge.rerank.model", "there is no model alias '\(model)'; aliases are: \(config.models.map(\.alias).joined(separator: ", "))")
                    }
                }
            }
            if let node = sections["data_sources"], let items = reader.sequence(node, key: "data_sources") {
                config.dataSources = items.enumerated().compactMap { dataSource($1, key: "data_sources[\($0)]") }
            }
            if let node = sections["queries"], let items = reader.sequence(node, key: "queries") {
                config.queries = items.enumerated().compactMap { query($1, key: "queries[\($0)]", sources: Set(config.dataSources.map(\.name))) }
            }
            if let node = sections["mcp_servers"], let items = reader.sequence(node, key: "mcp_servers") {
                config.mcpServers = items.enumerated().compactMap { mcpServer($1, key: "mcp_servers[\($0)]") }
                var seen: Set<String> = []
                for (index, server) in config.mcpServers.enumerated() where !seen.insert(server.name).inserted {
                    reader.report(items[index], key: "mcp_servers[\(index)].name", "another MCP server is named '\(server.name)'")
                }
            }
            if let node = sections["rule_sets"] { config.ruleSets = ruleSets(node) }
            if let node = sections["checks"] {
                config.checks = checks(node, key: "checks", base: ChecksConfig(), topLevel: true)
                checkRuleSetNames(config.checks, node: node, key: "checks", sets: config.ruleSets)
            }
            if let node = sections["scenarios"], let items = reader.sequence(node, key: "scenarios") {
                config.scenarios = items.enumerated().compactMap { scenario($1, key: "scenarios[\($0)]", checks: config.checks, ruleSets: config.ruleSets) }
                if config.scenarios.count == items.count {
                    let configuredPlugins = (config.quotes.source == .none ? [] : PluginsConfig.quoteNames) + (config.knowledge == nil ? [] : ["search_documents"])
                    let pluginNames = Set(PluginsConfig.builtinNames + configuredPlugins + config.plugins.http.map(\.name) + config.queries.map(\.name))
                    checkScenarios(items, config.scenarios, models: config.models, pluginNames: pluginNames, namespaces: Set(config.mcpServers.map(\.name)))
                }
            }
            if let node = sections["tenants"] { config.tenants = tenants(node, models: config.models, scenarios: config.scenarios) }
            if let node = sections["backends"], case .sequence(let items) = node, items.count == config.backends.count {
                checkLenders(Array(items), backends: config.backends, tenants: config.tenants)
            }
        }
        if !reader.diagnostics.isEmpty {
            throw ConfigError(diagnostics: reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return config
    }

    private mutating func server(_ node: Node) -> ServerConfig {
        var server = ServerConfig.defaults
        guard let fields = reader.mapping(node, key: "server", allowed: [
            "listen", "max_body_bytes", "max_upstream_body_bytes", "health_check_interval", "queue_timeout", "metrics_token",
            "max_header_bytes", "read_timeout", "idle_timeout", "max_connections",
        ]) else { return server }
        if let value = fields["max_header_bytes"], let size = reader.byteSize(value, key: "server.max_header_bytes") {
            if size < 1024 {
                reader.report(value, key: "server.max_header_bytes", "must be at least 1 KiB: real clients send several hundred bytes of headers")
            } else {
                server.maxHeaderBytes = size
            }
        }
        if let value = fields["read_timeout"], let timeout = reader.duration(value, key: "server.read_timeout") { server.readTimeout = timeout }
        if let value = fields["idle_timeout"], let timeout = reader.duration(value, key: "server.idle_timeout") { server.idleTimeout = timeout }
        if let value = fields["max_connections"], let count = reader.integer(value, key: "server.max_connections", in: 1...1_000_000) {
            server.maxConnections = count
        }
        if let listen = fields["listen"], let text = reader.string(listen, key: "server.listen") {
            if let address = ValueParsers.listenAddress(text) {
                server.host = address.host
                server.port = address.port
            } else {
                reader.report(listen, key: "server.listen", "expected host:port such as 127.0.0.1:8080, found '\(text)'")
            }
        }
        if let value = fields["max_body_bytes"], let size = reader.byteSize(value, key: "server.max_body_bytes") {
            server.maxBodyBytes = size
        }
        if let value = fields["max_upstream_body_bytes"], let size = reader.byteSize(value, key: "server.max_upstream_body_bytes") {
            server.maxUpstreamBodyBytes = size
        }
        if let value = fields["health_check_interval"], let interval = reader.duration(value, key: "server.health_check_interval") {
            server.healthCheckInterval = interval
        }
        if let value = fields["queue_timeout"], let timeout = reader.duration(value, key: "server.queue_timeout") {
            server.queueTimeout = timeout
        }
        if let value = fields["metrics_token"], !reader.isNull(value) {
            server.metricsToken = reader.nonEmptyString(value, key: "server.metrics_token")
        }
        return server
    }

    private mutating func telemetry(_ node: Node) -> TelemetryConfig {
        var telemetry = TelemetryConfig.defaults
        guard let fields = reader.mapping(node, key: "telemetry", allowed: ["service_name", "otlp"]) else { return telemetry }
        if let value = fields["service_name"], let name = reader.nonEmptyString(value, key: "telemetry.service_name") { telemetry.serviceName = name }
        guard let otlpNode = fields["otlp"],
              let otlp = reader.mapping(otlpNode, key: "telemetry.otlp", allowed: ["endpoint", "headers", "max_queued_spans", "max_batch", "export_interval", "export_timeout"])
        else { return telemetry }
        if let value = required(otlp, "endpoint", in: otlpNode, key: "telemetry.otlp"), let url = reader.nonEmptyString(value, key: "telemetry.otlp.endpoint") {
            if ValueParsers.isHTTPURL(url) {
                telemetry.otlpEndpoint = url
            } else {
                reader.report(value, key: "telemetry.otlp.endpoint", "expected the collector's http:// or https:// base URL (spans go to its /v1/traces), found '\(url)'")
            }
        }
        if let value = otlp["headers"], let headers = reader.stringMap(value, key: "telemetry.otlp.headers") { telemetry.otlpHeaders = headers }
        if let value = otlp["max_queued_spans"], let count = reader.integer(value, key: "telemetry.otlp.max_queued_spans", in: 1...1_000_000) {
            telemetry.maxQueuedSpans = count
        }
        if let value = otlp["max_batch"], let count = reader.integer(value, key: "telemetry.otlp.max_batch", in: 1...100_000) { telemetry.maxExportBatch = count }
        if let value = otlp["export_interval"], let interval = reader.duration(value, key: "telemetry.otlp.export_interval") { telemetry.exportInterval = interval }
        if let value = otlp["export_timeout"], let timeout = reader.duration(value, key: "telemetry.otlp.export_timeout") { telemetry.exportTimeout = timeout }
        return telemetry
    }

    private mutating func console(_ node: Node) -> ConsoleConfig {
        var console = ConsoleConfig.defaults
        guard let fields = reader.mapping(node, key: "console", allowed: [
            "enabled", "session_idle", "session_lifetime", "sign_in_attempts", "sign_in_window", "secure_cookie", "trusted_proxies",
        ])
        else { return console }
        if let value = fields["enabled"], let enabled = reader.bool(value, key: "console.enabled") { console.enabled = enabled }
        if let value = fields["session_idle"], let idle = reader.duration(value, key: "console.session_idle") { console.sessionIdle = idle }
        if let value = fields["session_lifetime"], let lifetime = reader.duration(value, key: "console.session_lifetime") { console.sessionLifetime = lifetime }
        if let value = fields["sign_in_attempts"], let count = reader.integer(value, key: "console.sign_in_attempts", in: 1...1000) { console.signInAttempts = count }
        if let value = fields["sign_in_window"], let window = reader.duration(value, key: "console.sign_in_window") { console.signInWindow = window }
        if let value = fields["secure_cookie"], let text = reader.string(value, key: "console.secure_cookie") {
            if let mode = ConsoleConfig.SecureCookie(rawValue: text) {
                console.secureCookie = mode
            } else {
                reader.report(value, key: "console.secure_cookie", "expected 'auto' (Secure when a proxy says X-Forwarded-Proto: https) or 'always', found '\(text)'")
            }
        }
        if let value = fields["trusted_proxies"], let addresses = reader.strings(value, key: "console.trusted_proxies") { console.trustedProxies = addresses }
        if console.sessionIdle > console.sessionLifetime {
            reader.report(node, key: "console.session_idle", "the idle limit (\(console.sessionIdle)) is longer than the session lifetime (\(console.sessionLifetime)); make it shorter")
        }
        return console
    }

    private mutating func responses(_ node: Node) -> ResponsesConfig {
        var responses = ResponsesConfig.defaults
        guard let fields = reader.mapping(node, key: "responses", allowed: ["keep_for", "content_key"]) else { return responses }
        if let value = fields["keep_for"], let keep = reader.duration(value, key: "responses.keep_for") {
            if keep > .zero {
                responses.keepFor = keep
            } else {
                reader.report(value, key: "responses.keep_for", "expected a duration longer than zero, such as 720h (30 days) or 12h")
            }
        }
        if let value = fields["content_key"], let key = reader.string(value, key: "responses.content_key") {
            if AuditConfig.isKey(key) {
                responses.contentKey = key
            } else {
                reader.report(value, key: "responses.content_key", "expected a base64 AES-256 key (32 bytes); 'switchboard audit keygen' makes one")
            }
        }
        return responses
    }

    private mutating func audit(_ node: Node) -> AuditConfig {
        var audit = AuditConfig.defaults
        guard let fields = reader.mapping(node, key: "audit", allowed: [
            "signing_key", "checkpoint_every", "checkpoint_interval", "content", "content_key", "end_user", "keep_days",
        ]) else { return audit }
        if let value = fields["signing_key"], let key = reader.string(value, key: "audit.signing_key") {
            if AuditConfig.isKey(key) {
                audit.signingKey = key
            } else {
                reader.report(value, key: "audit.signing_key", "expected a base64 Ed25519 private key (32 bytes); 'switchboard audit keygen' makes one")
            }
        }
        if let value = fields["checkpoint_every"], let count = reader.integer(value, key: "audit.checkpoint_every", in: 1...10_000_000) {
            audit.checkpointEvery = count
        }
        if let value = fields["checkpoint_interval"], let interval = reader.duration(value, key: "audit.checkpoint_interval") {
            audit.checkpointInterval = interval
        }
        if let value = fields["content"], let retention = reader.choice(value, key: "audit.content", as: ContentRetention.self) {
            audit.content = retention
        }
        if let value = fields["content_key"], let key = reader.string(value, key: "audit.content_key") {
            if AuditConfig.isKey(key) {
                audit.contentKey = key
            } else {
                reader.report(value, key: "audit.content_key", "expected a base64 AES-256 key (32 bytes); 'switchboard audit keygen' makes one")
            }
        }
        if let value = fields["end_user"], let recording = reader.choice(value, key: "audit.end_user", as: EndUserRecording.self) {
            audit.endUser = recording
        }
        if let value = fields["keep_days"], let days = reader.integer(value, key: "audit.keep_days", in: 1...36_500) {
            audit.keepDays = days
        }
        if audit.content == .encrypted, audit.contentKey == nil, fields["content_key"] == nil {
            reader.report(fields["content"], key: "audit.content_key", "is required when audit.content is encrypted")
        }
        return audit
    }

    private mutating func store(_ node: Node) -> StoreConfig {
        guard let fields = reader.mapping(node, key: "store", allowed: ["sqlite", "postgres"]) else { return .defaults }
        if fields.count > 1 {
            reader.report(node, key: "store", "name one store: sqlite: PATH or postgres: { url: …, instance: … }")
            return .defaults
        }
        if let postgres = fields["postgres"] { return self.postgres(postgres) ?? .defaults }
        guard let sqlite = fields["sqlite"] else {
            reader.report(node, key: "store", "name a store: sqlite: PATH or postgres: { url: …, instance: … }")
            return .defaults
        }
        guard let path = reader.nonEmptyString(sqlite, key: "store.sqlite") else { return .defaults }
        return .sqlite(path: path)
    }

    private mutating func postgres(_ node: Node) -> StoreConfig? {
        guard let fields = reader.mapping(node, key: "store.postgres", allowed: ["url", "instance"]) else { return nil }
        guard let urlNode = required(fields, "url", in: node, key: "store.postgres"), let url = reader.nonEmptyString(urlNode, key: "store.postgres.url") else { return nil }
        var instance = ProcessInfo.processInfo.hostName
        if let value = fields["instance"], let name = reader.nonEmptyString(value, key: "store.postgres.instance") {
            guard name.count <= 64, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)) }) else {
                reader.report(value, key: "store.postgres.instance", "use up to 64 letters, digits, '-', '_' or '.', such as gw-1")
                return nil
            }
            instance = name
        }
        switch PostgresSettings.parse(url: url, instance: instance) {
        case .success(let settings): return .postgres(settings)
        case .failure(let error):
            reader.report(urlNode, key: "store.postgres.url", error.message)
            return nil
        }
    }

    private mutating func backend(_ node: Node, key: String) -> BackendConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: [
            "name", "kind", "url", "zone", "region", "capacity", "api_key", "model", "timeouts", "circuit_breaker", "headers", "stream_usage",
            "lent_by", "load",
        ]) else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let kind = required(fields, "kind", in: node, key: key).flatMap { reader.choice($0, key: "\(key).kind", as: BackendKind.self) }
        let zone = required(fields, "zone", in: node, key: key).flatMap { reader.choice($0, key: "\(key).zone", as: Zone.self) }
        var url: String?
        if let urlNode = required(fields, "url", in: node, key: key), let text = reader.nonEmptyString(urlNode, key: "\(key).url") {
            if ValueParsers.isHTTPURL(text) {
                url = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                reader.report(urlNode, key: "\(key).url", "expected an http:// or https:// URL with a host, found '\(text)'")
            }
        }
        let capacity = fields["capacity"].map { reader.integer($0, key: "\(key).capacity", in: 1...100_000) } ?? 16
        let apiKey = fields["api_key"].flatMap { reader.isNull($0) ? nil : reader.string($0, key: "\(key).api_key") }
        let model = fields["model"].flatMap { reader.nonEmptyString($0, key: "\(key).model") }
        let phaseTimeouts = fields["timeouts"].map { timeouts($0, key: "\(key).timeouts") } ?? BackendTimeouts.defaults
        let breaker = fields["circuit_breaker"].map { circuitBreaker($0, key: "\(key).circuit_breaker") } ?? CircuitBreakerSettings.defaults
        let headers = fields["headers"].flatMap { reader.stringMap($0, key: "\(key).headers") } ?? [:]
        let streamUsage = fields["stream_usage"].map { reader.bool($0, key: "\(key).stream_usage") } ?? true
        let region = fields["region"].map { regionCode($0, key: "\(key).region") } ?? BackendConfig.homeRegion
        let lentBy = fields["lent_by"].flatMap { reader.nonEmptyString($0, key: "\(key).lent_by") }
        let load = fields["load"].map { reader.choice($0, key: "\(key).load", as: LoadSource.self) } ?? LoadSource.none
        guard let name, let kind, let zone, let url, let capacity, let streamUsage, let region, let load else { return nil }
        return BackendConfig(
            name: name, kind: kind, url: url, zone: zone, capacity: capacity, apiKey: apiKey, model: model,
            timeouts: phaseTimeouts, circuitBreaker: breaker, headers: headers, streamUsage: streamUsage, region: region,
            lentBy: lentBy, load: load)
    }

    /// An ISO 3166-1 alpha-2 code (`CN`, `hk`), upper-cased.
    mutating func regionCode(_ node: Node, key: String) -> String? {
        guard let text = reader.nonEmptyString(node, key: key) else { return nil }
        let code = text.uppercased()
        guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            reader.report(node, key: key, "expected a two-letter ISO country or area code such as CN, HK or SG, found '\(text)'")
            return nil
        }
        return code
    }

    private mutating func timeouts(_ node: Node, key: String) -> BackendTimeouts {
        var timeouts = BackendTimeouts.defaults
        guard let fields = reader.mapping(node, key: key, allowed: ["connect", "first_byte", "idle", "total"]) else { return timeouts }
        if let value = fields["connect"], let duration = reader.duration(value, key: "\(key).connect") { timeouts.connect = duration }
        if let value = fields["first_byte"], let duration = reader.duration(value, key: "\(key).first_byte") { timeouts.firstByte = duration }
        if let value = fields["idle"], let duration = reader.duration(value, key: "\(key).idle") { timeouts.idle = duration }
        if let value = fields["total"], let duration = reader.duration(value, key: "\(key).total") { timeouts.total = duration }
        return timeouts
    }

    private mutating func circuitBreaker(_ node: Node, key: String) -> CircuitBreakerSettings {
        var settings = CircuitBreakerSettings.defaults
        guard let fields = reader.mapping(node, key: key, allowed: ["failures", "open_for"]) else { return settings }
        if let value = fields["failures"], let count = reader.integer(value, key: "\(key).failures", in: 1...1000) { settings.failureThreshold = count }
        if let value = fields["open_for"], let duration = reader.duration(value, key: "\(key).open_for") { settings.openDuration = duration }
        return settings
    }

    private mutating func model(_ node: Node, key: String, backends: [BackendConfig], backendNodes: Node?) -> ModelConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: [
            "alias", "targets", "strategy", "tenants", "max_attempts", "max_retry_after",
        ]) else { return nil }
        let alias = required(fields, "alias", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).alias") }
        var targets: [ModelTarget]?
        if let targetsNode = required(fields, "targets", in: node, key: key), let items = reader.sequence(targetsNode, key: "\(key).targets") {
            if items.isEmpty { reader.report(targetsNode, key: "\(key).targets", "list at least one backend") }
            targets = items.enumerated().compactMap { target($1, key: "\(key).targets[\($0)]", backends: backends) }
        }
        let strategy = fields["strategy"].flatMap { reader.choice($0, key: "\(key).strategy", as: RoutingStrategy.self) } ?? .ordered
        let tenants = fields["tenants"].flatMap { reader.strings($0, key: "\(key).tenants") }
        let maxAttempts = fields["max_attempts"].flatMap { reader.integer($0, key: "\(key).max_attempts", in: 1...20) }
        let maxRetryAfter = fields["max_retry_after"].flatMap { reader.duration($0, key: "\(key).max_retry_after") } ?? .seconds(5)
        guard let alias, let targets, !targets.isEmpty else { return nil }
        return ModelConfig(alias: alias, targets: targets, strategy: strategy, tenants: tenants, maxAttempts: maxAttempts, maxRetryAfter: maxRetryAfter)
    }

    private mutating func target(_ node: Node, key: String, backends: [BackendConfig]) -> ModelTarget? {
        var target: ModelTarget?
        var nameNode = node
        if case .scalar = node {
            target = reader.nonEmptyString(node, key: key).map { ModelTarget(backend: $0) }
        } else if let fields = reader.mapping(node, key: key, allowed: ["backend", "model", "weight"]) {
            if let backendNode = required(fields, "backend", in: node, key: key) {
                nameNode = backendNode
                let weight = fields["weight"].flatMap { reader.integer($0, key: "\(key).weight", in: 1...1_000_000) } ?? 1
                let model = fields["model"].flatMap { reader.nonEmptyString($0, key: "\(key).model") }
                target = reader.nonEmptyString(backendNode, key: "\(key).backend").map { ModelTarget(backend: $0, model: model, weight: weight) }
            }
        }
        if let name = target?.backend, !backends.contains(where: { $0.name == name }) {
            let known = backends.map(\.name).joined(separator: ", ")
            reader.report(nameNode, key: key, "there is no backend named '\(name)'; backends are: \(known.isEmpty ? "(none)" : known)")
            return nil
        }
        return target
    }

    mutating func required(_ fields: [String: Node], _ name: String, in node: Node, key: String) -> Node? {
        guard let value = fields[name] else {
            reader.report(node, key: "\(key).\(name)", "is required")
            return nil
        }
        return value
    }

    private mutating func checkUniqueBackendNames(_ items: [Node]) {
        reportDuplicates(items, field: "name", section: "backends", what: "backend name")
    }

    private mutating func checkUniqueAliases(_ items: [Node]) {
        reportDuplicates(items, field: "alias", section: "models", what: "model alias")
    }

    mutating func reportDuplicates(_ items: [Node], field: String, section: String, what: String) {
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard case .mapping(let mapping) = item, let value = mapping[field], case .scalar(let scalar) = value else { continue }
            if let first = seen[scalar.string] {
                reader.report(value, key: "\(section)[\(index)].\(field)", "duplicate \(what) '\(scalar.string)' (first used by \(section)[\(first)])")
            } else {
                seen[scalar.string] = index
            }
        }
    }
}
