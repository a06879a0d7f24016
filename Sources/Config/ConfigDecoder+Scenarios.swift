import Foundation
import Mustache
import Yams

/// The `plugins`, `approvals` and `scenarios` sections.
extension ConfigDecoder {
    mutating func plugins(_ node: Node) -> PluginsConfig {
        var plugins = PluginsConfig.defaults
        guard let fields = reader.mapping(node, key: "plugins", allowed: ["timeout", "max_result_bytes", "calendar_file", "securities_file", "rule_packs", "http"]) else { return plugins }
        if let value = fields["timeout"], let timeout = reader.duration(value, key: "plugins.timeout") { plugins.timeout = timeout }
        if let value = fields["max_result_bytes"], let size = reader.byteSize(value, key: "plugins.max_result_bytes") { plugins.maxResultBytes = size }
        if let value = fields["calendar_file"], let path = reader.nonEmptyString(value, key: "plugins.calendar_file") {
            plugins.calendarFile = resolve(path)
        }
        if let value = fields["securities_file"], let path = reader.nonEmptyString(value, key: "plugins.securities_file") {
            plugins.securitiesFile = resolve(path)
        }
        if let value = fields["rule_packs"], let paths = reader.strings(value, key: "plugins.rule_packs") {
            plugins.rulePacks = paths.map(resolve)
        }
        if let value = fields["http"], let items = reader.sequence(value, key: "plugins.http") {
            plugins.http = items.enumerated().compactMap { httpPlugin($1, key: "plugins.http[\($0)]") }
        }
        return plugins
    }

    private mutating func httpPlugin(_ node: Node, key: String) -> HTTPPluginConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["name", "description", "effect", "url", "headers", "parameters", "source"]) else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let description = required(fields, "description", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).description") }
        let effect = fields["effect"].flatMap { reader.nonEmptyString($0, key: "\(key).effect") } ?? "read"
        if effect != "read", effect != "write" {
            reader.report(fields["effect"], key: "\(key).effect", "expected read or write, found '\(effect)'")
        }
        var url: String?
        if let urlNode = required(fields, "url", in: node, key: key), let text = reader.nonEmptyString(urlNode, key: "\(key).url") {
            if ValueParsers.isHTTPURL(text) { url = text } else { reader.report(urlNode, key: "\(key).url", "expected an http:// or https:// URL, found '\(text)'") }
        }
        let headers = fields["headers"].flatMap { reader.stringMap($0, key: "\(key).headers") } ?? [:]
        var parameters = #"{"type":"object"}"#
        if let schema = fields["parameters"] {
            guard case .mapping = schema else {
                reader.report(schema, key: "\(key).parameters", "expected a JSON Schema written as a mapping, e.g. { type: object, properties: { … } }")
                return nil
            }
            parameters = Self.jsonText(schema)
        }
        let source = fields["source"].flatMap { reader.nonEmptyString($0, key: "\(key).source") }
        guard let name, let description, let url else { return nil }
        return HTTPPluginConfig(name: name, description: description, effect: effect, url: url, headers: headers, parametersJSON: parameters, source: source)
    }

    mutating func mcpServer(_ node: Node, key: String) -> MCPServerConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["name", "command", "env", "url", "headers", "read_tools", "write_tools", "connect_timeout"])
        else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        if let name, !PluginsConfig.isNamespace(name) {
            reader.report(fields["name"], key: "\(key).name", "use ASCII letters, digits or '-' (it becomes the prefix of the tool names, e.g. crm__lookup_client)")
        }
        let connection: MCPServerConfig.Connection?
        switch (fields["command"], fields["url"]) {
        case (let command?, nil):
            let parts = reader.strings(command, key: "\(key).command") ?? []
            if parts.isEmpty { reader.report(command, key: "\(key).command", "give the program and its arguments as a list, e.g. [python3, crm_server.py]") }
            let environment = fields["env"].flatMap { reader.stringMap($0, key: "\(key).env") } ?? [:]
            connection = parts.isEmpty ? nil : .stdio(command: parts, environment: environment)
        case (nil, let url?):
            let text = reader.nonEmptyString(url, key: "\(key).url")
            if let text, !ValueParsers.isHTTPURL(text) { reader.report(url, key: "\(key).url", "expected an http:// or https:// URL, found '\(text)'") }
            let headers = fields["headers"].flatMap { reader.stringMap($0, key: "\(key).headers") } ?? [:]
            connection = text.flatMap { ValueParsers.isHTTPURL($0) ? .http(url: $0, headers: headers) : nil }
        case (_?, _?):
            reader.report(node, key: key, "give either command (a subprocess on stdio) or url (streamable HTTP), not both")
            connection = nil
        case (nil, nil):
            reader.report(node, key: key, "give command (a subprocess on stdio) or url (streamable HTTP)")
            connection = nil
        }
        let readTools = fields["read_tools"].flatMap { reader.strings($0, key: "\(key).read_tools") } ?? []
        let writeTools = fields["write_tools"].flatMap { reader.strings($0, key: "\(key).write_tools") } ?? []
        let timeout = fields["connect_timeout"].flatMap { reader.duration($0, key: "\(key).connect_timeout") } ?? .seconds(10)
        guard let name, let connection else { return nil }
        return MCPServerConfig(name: name, connection: connection, readTools: readTools, writeTools: writeTools, connectTimeout: timeout)
    }

    mutating func quotes(_ node: Node) -> QuotesConfig {
        var quotes = QuotesConfig.defaults
        guard let fields = reader.mapping(node, key: "quotes", allowed: ["source", "stale_after", "seed", "updates_per_second", "replay", "http"]) else { return quotes }
        if let value = fields["source"], let source = reader.choice(value, key: "quotes.source", as: QuotesConfig.Source.self) { quotes.source = source }
        if let value = fields["stale_after"], let duration = reader.duration(value, key: "quotes.stale_after") { quotes.staleAfter = duration }
        if let value = fields["seed"], let seed = reader.integer(value, key: "quotes.seed", in: 0...Int.max) { quotes.seed = UInt64(seed) }
        if let value = fields["updates_per_second"], let rate = reader.integer(value, key: "quotes.updates_per_second", in: 1...100) {
            quotes.updatesPerSecond = rate
        }
        if let node = fields["replay"], let replay = reader.mapping(node, key: "quotes.replay", allowed: ["file", "speed", "loop"]) {
            let file = required(replay, "file", in: node, key: "quotes.replay").flatMap { reader.nonEmptyString($0, key: "quotes.replay.file") }
            var speed = 1.0
            if let value = replay["speed"], let text = reader.string(value, key: "quotes.replay.speed") {
                if let number = Double(text), number > 0, number <= 10_000 { speed = number } else {
                    reader.report(value, key: "quotes.replay.speed", "expected a positive number of recorded seconds per second, e.g. 10")
                }
            }
            let loop = replay["loop"].flatMap { reader.bool($0, key: "quotes.replay.loop") } ?? true
            quotes.replay = file.map { QuotesConfig.Replay(file: resolve($0), speed: speed, loop: loop) }
        }
        if let node = fields["http"], let http = reader.mapping(node, key: "quotes.http", allowed: ["url", "interval", "headers", "list", "fields", "batch"]) {
            let url = required(http, "url", in: node, key: "quotes.http").flatMap { reader.nonEmptyString($0, key: "quotes.http.url") }
            if let url, !ValueParsers.isHTTPURL(url.replacingOccurrences(of: "{codes}", with: "x")) {
                reader.report(http["url"], key: "quotes.http.url", "expected an http:// or https:// URL")
            }
            let interval = http["interval"].flatMap { reader.duration($0, key: "quotes.http.interval") } ?? .seconds(3)
            let headers = http["headers"].flatMap { reader.stringMap($0, key: "quotes.http.headers") } ?? [:]
            let list = http["list"].flatMap { reader.string($0, key: "quotes.http.list") } ?? ""
            let batch = http["batch"].flatMap { reader.integer($0, key: "quotes.http.batch", in: 1...10_000) } ?? 100
            let mapping = required(http, "fields", in: node, key: "quotes.http").flatMap { reader.stringMap($0, key: "quotes.http.fields") } ?? [:]
            let known: Set<String> = ["code", "last", "open", "high", "low", "prev_close", "volume", "turnover", "time"]
            for field in mapping.keys where !known.contains(field) {
                reader.report(http["fields"], key: "quotes.http.fields.\(field)", "unknown quote field; fields are: \(known.sorted().joined(separator: ", "))")
            }
            for field in ["code", "last", "prev_close"] where mapping[field] == nil && http["fields"] != nil {
                reader.report(http["fields"], key: "quotes.http.fields", "map at least code, last and prev_close")
                break
            }
            quotes.http = url.map { QuotesConfig.HTTPPolling(url: $0, interval: interval, headers: headers, list: list, fields: mapping, batch: batch) }
        }
        if quotes.source == .replay, quotes.replay == nil { reader.report(fields["source"], key: "quotes.replay", "source: replay needs replay: { file, speed }") }
        if quotes.source == .http, quotes.http == nil { reader.report(fields["source"], key: "quotes.http", "source: http needs http: { url, fields }") }
        return quotes
    }

    mutating func approvals(_ node: Node) -> ApprovalsConfig {
        var approvals = ApprovalsConfig.defaults
        guard let fields = reader.mapping(node, key: "approvals", allowed: ["expire_after"]) else { return approvals }
        if let value = fields["expire_after"], let duration = reader.duration(value, key: "approvals.expire_after") { approvals.expireAfter = duration }
        return approvals
    }

    mutating func scenario(_ node: Node, key: String, checks base: ChecksConfig, ruleSets: [RuleSetConfig]) -> ScenarioConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: [
            "name", "model", "prompt", "prompt_file", "plugins", "max_steps", "tenants", "min_level", "profile", "intents", "checks",
        ]) else { return nil }
        var checks = base
        if let node = fields["checks"] {
            checks = self.checks(node, key: "\(key).checks", base: base, topLevel: false)
            checkRuleSetNames(checks, node: node, key: "\(key).checks", sets: ruleSets)
        }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let model = fields["model"].flatMap { reader.nonEmptyString($0, key: "\(key).model") }
        var prompt: MustacheTemplate?
        switch (fields["prompt"], fields["prompt_file"]) {
        case (let text?, nil):
            if let source = reader.string(text, key: "\(key).prompt") { prompt = template(source, node: text, key: "\(key).prompt") }
        case (nil, let file?):
            if let path = reader.nonEmptyString(file, key: "\(key).prompt_file") {
                do {
                    let source = try String(contentsOfFile: resolve(path), encoding: .utf8)
                    prompt = template(source, node: file, key: "\(key).prompt_file")
                } catch {
                    reader.report(file, key: "\(key).prompt_file", "cannot read '\(resolve(path))': \(error.localizedDescription)")
                }
            }
        case (_?, _?):
            reader.report(node, key: key, "give either prompt or prompt_file, not both")
        case (nil, nil):
            break
        }
        let plugins = fields["plugins"].flatMap { reader.strings($0, key: "\(key).plugins") } ?? []
        let maxSteps = fields["max_steps"].flatMap { reader.integer($0, key: "\(key).max_steps", in: 1...32) } ?? 4
        let tenants = fields["tenants"].flatMap { reader.strings($0, key: "\(key).tenants") }
        let minimumLevel = fields["min_level"].flatMap { reader.integer($0, key: "\(key).min_level", in: 1...5) }
        let profile = fields["profile"].flatMap { reader.stringMap($0, key: "\(key).profile") } ?? [:]
        var intents: [IntentConfig] = []
        if let node = fields["intents"], let items = reader.sequence(node, key: "\(key).intents") {
            intents = items.enumerated().compactMap { intent($1, key: "\(key).intents[\($0)]") }
        }
        guard let name else { return nil }
        if name.contains("/") || name.isEmpty { reader.report(fields["name"], key: "\(key).name", "a scenario name may not contain '/'") }
        var scenario = ScenarioConfig(
            name: name, model: model, prompt: prompt, plugins: plugins, maxSteps: maxSteps, tenants: tenants, minimumLevel: minimumLevel, profile: profile)
        scenario.intents = intents
        scenario.checks = checks
        return scenario
    }

    private mutating func intent(_ node: Node, key: String) -> IntentConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["name", "patterns", "plugin", "arguments", "answer"]) else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let patterns = required(fields, "patterns", in: node, key: key).flatMap { reader.strings($0, key: "\(key).patterns") } ?? []
        if let patternsNode = fields["patterns"] {
            if patterns.isEmpty { reader.report(patternsNode, key: "\(key).patterns", "list at least one question pattern, e.g. \"{code} 现价多少\"") }
            for pattern in patterns where IntentPatternSyntax.problem(in: pattern) != nil {
                reader.report(patternsNode, key: "\(key).patterns", IntentPatternSyntax.problem(in: pattern)!)
            }
        }
        let plugin = required(fields, "plugin", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).plugin") }
        var arguments = "{}"
        if let node = fields["arguments"] {
            guard case .mapping = node else {
                reader.report(node, key: "\(key).arguments", "expected the plugin's arguments as a mapping, e.g. { codes: [\"{{code}}\"] }")
                return nil
            }
            arguments = Self.jsonText(node)
        }
        var answer: MustacheTemplate?
        if let node = required(fields, "answer", in: node, key: key), let text = reader.string(node, key: "\(key).answer") {
            answer = template(text, node: node, key: "\(key).answer")
        }
        guard let name, !patterns.isEmpty, let plugin, let answer else { return nil }
        return IntentConfig(name: name, patterns: patterns, plugin: plugin, argumentsJSON: arguments, answer: answer)
    }

    private mutating func template(_ source: String, node: Node, key: String) -> MustacheTemplate? {
        do {
            return try ScenarioConfig.template(source)
        } catch {
            reader.report(node, key: key, "the Mustache template does not parse (\(error)); check that every {{#section}} has its {{/section}}")
            return nil
        }
    }

    /// Checks the references of scenarios: models exist, plugins are known, names are unique.
    mutating func checkScenarios(_ items: [Node], _ scenarios: [ScenarioConfig], models: [ModelConfig], pluginNames: Set<String>, namespaces: Set<String>) {
        var seen: Set<String> = []
        for (index, scenario) in scenarios.enumerated() {
            let node = index < items.count ? items[index] : nil
            let key = "scenarios[\(index)]"
            if !seen.insert(scenario.name).inserted { reader.report(node, key: "\(key).name", "another scenario is named '\(scenario.name)'") }
            if let model = scenario.model, !models.contains(where: { $0.alias == model }) {
                reader.report(node, key: "\(key).model", "there is no model alias '\(model)'; aliases are: \(models.map(\.alias).joined(separator: ", "))")
            }
            if scenario.model == nil, !scenario.plugins.isEmpty || scenario.prompt != nil {
                reader.report(node, key: "\(key).model", "a scenario with a prompt or plugins needs a model alias")
            }
            if scenario.model == nil, scenario.intents.isEmpty {
                reader.report(node, key: "\(key).model", "a scenario needs a model alias, or intents to answer without one")
            }
            for (position, intent) in scenario.intents.enumerated() where !pluginNames.contains(intent.plugin) {
                reader.report(node, key: "\(key).intents[\(position)].plugin", "there is no plugin named '\(intent.plugin)'; plugins are: \(pluginNames.sorted().joined(separator: ", "))")
            }
            // Tools of MCP servers are known only once connected: their names are checked at start.
            for plugin in scenario.plugins where !pluginNames.contains(plugin) {
                let prefix = plugin.hasSuffix("*") ? String(plugin.dropLast()) : plugin
                let underServer = namespaces.contains { plugin.hasPrefix($0 + PluginsConfig.namespaceSeparator) }
                let matchesKnown = plugin.hasSuffix("*") && pluginNames.contains { $0.hasPrefix(prefix) }
                if !underServer, !matchesKnown {
                    let known = pluginNames.sorted() + namespaces.sorted().map { $0 + PluginsConfig.namespaceSeparator + "*" }
                    reader.report(node, key: "\(key).plugins", "there is no plugin named '\(plugin)'; plugins are: \(known.joined(separator: ", "))")
                }
            }
        }
    }

    /// A YAML node as JSON text (plain scalars typed as YAML 1.2 core: null, booleans, numbers).
    static func jsonText(_ node: Node) -> String {
        switch node {
        case .mapping(let mapping):
            let members = mapping.map { key, value in "\(quoted(key.string ?? "")):\(jsonText(value))" }
            return "{" + members.joined(separator: ",") + "}"
        case .sequence(let sequence):
            return "[" + sequence.map { jsonText($0) }.joined(separator: ",") + "]"
        case .scalar(let scalar):
            guard scalar.style == .plain else { return quoted(scalar.string) }
            switch scalar.string {
            case "", "~", "null", "Null", "NULL": return "null"
            case "true", "True", "TRUE": return "true"
            case "false", "False", "FALSE": return "false"
            default:
                let text = scalar.string
                if text.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil { return text }
                return quoted(text)
            }
        case .alias:
            return "null"
        }
    }

    private static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 { output += String(format: "\\u%04x", scalar.value) } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output + "\""
    }
}
