import Foundation
import Yams

/// The `pool`, `tenants` and `prices` sections.
extension ConfigDecoder {
    /// `pool`: the calendar, currency, token estimate and batch share.
    mutating func pool(_ node: Node) -> PoolConfig {
        var pool = PoolConfig.defaults
        guard let fields = reader.mapping(node, key: "pool", allowed: ["time_zone", "currency", "default_max_tokens", "batch_share", "usage_flush_interval"]) else {
            return pool
        }
        if let value = fields["time_zone"], let name = reader.nonEmptyString(value, key: "pool.time_zone") {
            // The zone database answers for zones without daylight saving time, without ICU.
            if ZoneOffsets(identifier: name) == nil && TimeZone(identifier: name) == nil {
                reader.report(value, key: "pool.time_zone", "'\(name)' is not an IANA time zone such as Asia/Shanghai or UTC")
            } else {
                pool.timeZone = name
            }
        }
        if let value = fields["currency"], let currency = reader.nonEmptyString(value, key: "pool.currency") { pool.currency = currency }
        if let value = fields["default_max_tokens"], let tokens = reader.integer(value, key: "pool.default_max_tokens", in: 1...10_000_000) {
            pool.defaultMaxTokens = tokens
        }
        if let value = fields["batch_share"], let share = reader.decimal(value, key: "pool.batch_share") {
            if share > 0, share < 1 {
                pool.batchShare = share
            } else {
                reader.report(value, key: "pool.batch_share", "must be a fraction above 0 and below 1, such as 0.1, found \(share)")
            }
        }
        if let value = fields["usage_flush_interval"], let interval = reader.duration(value, key: "pool.usage_flush_interval") {
            pool.usageFlushInterval = interval
        }
        return pool
    }

    /// `tenants`: each member's share, quotas, budget and allowances.
    mutating func tenants(_ node: Node, models: [ModelConfig], scenarios: [ScenarioConfig]) -> [TenantConfig] {
        guard let items = reader.sequence(node, key: "tenants") else { return [] }
        reportDuplicates(items, field: "name", section: "tenants", what: "tenant name")
        return items.enumerated().compactMap { index, item in
            tenant(item, key: "tenants[\(index)]", models: Set(models.map(\.alias)), scenarios: Set(scenarios.map(\.name)))
        }
    }

    private mutating func tenant(_ node: Node, key: String, models: Set<String>, scenarios: Set<String>) -> TenantConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: [
            "name", "share", "requests_per_minute", "tokens_per_minute", "tokens_per_day", "tokens_per_month", "max_concurrent_per_key",
            "budget", "models", "scenarios", "max_queued", "suspended",
        ]) else { return nil }
        guard let name = required(fields, "name", in: node, key: key).flatMap({ reader.nonEmptyString($0, key: "\(key).name") }) else { return nil }
        var tenant = TenantConfig(name: name)
        if let value = fields["share"], let share = reader.integer(value, key: "\(key).share", in: 1...10_000) { tenant.share = share }
        let limit = 1...Int(Int32.max) * 1000
        tenant.requestsPerMinute = fields["requests_per_minute"].flatMap { reader.integer($0, key: "\(key).requests_per_minute", in: limit) }
        tenant.tokensPerMinute = fields["tokens_per_minute"].flatMap { reader.integer($0, key: "\(key).tokens_per_minute", in: limit) }
        tenant.tokensPerDay = fields["tokens_per_day"].flatMap { reader.integer($0, key: "\(key).tokens_per_day", in: limit) }
        tenant.tokensPerMonth = fields["tokens_per_month"].flatMap { reader.integer($0, key: "\(key).tokens_per_month", in: limit) }
        tenant.maxConcurrentPerKey = fields["max_concurrent_per_key"].flatMap { reader.integer($0, key: "\(key).max_concurrent_per_key", in: 1...100_000) }
        if let value = fields["max_queued"], let queued = reader.integer(value, key: "\(key).max_queued", in: 0...1_000_000) { tenant.maxQueued = queued }
        if let value = fields["suspended"], let suspended = reader.bool(value, key: "\(key).suspended") { tenant.suspended = suspended }
        if let value = fields["budget"] { tenant.budget = budget(value, key: "\(key).budget") }
        if let value = fields["models"], let names = reader.strings(value, key: "\(key).models") {
            for (index, alias) in names.enumerated() where !models.contains(alias) {
                reader.report(value, key: "\(key).models[\(index)]", "there is no model alias '\(alias)'; aliases are: \(models.sorted().joined(separator: ", "))")
            }
            tenant.models = names
        }
        if let value = fields["scenarios"], let names = reader.strings(value, key: "\(key).scenarios") {
            for (index, scenario) in names.enumerated() where !scenarios.contains(scenario) {
                reader.report(value, key: "\(key).scenarios[\(index)]", "there is no scenario '\(scenario)'; scenarios are: \(scenarios.sorted().joined(separator: ", "))")
            }
            tenant.scenarios = names
        }
        return tenant
    }

    private mutating func budget(_ node: Node, key: String) -> TenantBudget? {
        guard let fields = reader.mapping(node, key: key, allowed: ["monthly", "prepaid"]) else { return nil }
        guard fields.count == 1, let (name, value) = fields.first else {
            reader.report(node, key: key, "give one of monthly: AMOUNT or prepaid: AMOUNT, such as monthly: \"20000.00\"")
            return nil
        }
        guard let amount = reader.decimal(value, key: "\(key).\(name)") else { return nil }
        guard amount >= 0 else {
            reader.report(value, key: "\(key).\(name)", "a budget cannot be negative, found \(amount)")
            return nil
        }
        return name == "monthly" ? .monthly(amount) : .prepaid(amount)
    }

    /// `prices`: what each backend (and upstream model) charges per million tokens.
    mutating func prices(_ node: Node, backends: [BackendConfig]) -> [PriceConfig] {
        guard let items = reader.sequence(node, key: "prices") else { return [] }
        var prices: [PriceConfig] = []
        for (index, item) in items.enumerated() {
            let key = "prices[\(index)]"
            guard let fields = reader.mapping(item, key: key, allowed: ["backend", "model", "input_per_million", "output_per_million"]) else { continue }
            let backendNode = required(fields, "backend", in: item, key: key)
            let backend = backendNode.flatMap { reader.nonEmptyString($0, key: "\(key).backend") }
            if let backend, !backends.contains(where: { $0.name == backend }) {
                reader.report(backendNode, key: "\(key).backend", "there is no backend named '\(backend)'; backends are: \(backends.map(\.name).joined(separator: ", "))")
            }
            let model = fields["model"].flatMap { reader.nonEmptyString($0, key: "\(key).model") }
            let input = required(fields, "input_per_million", in: item, key: key).flatMap { reader.decimal($0, key: "\(key).input_per_million") }
            let output = required(fields, "output_per_million", in: item, key: key).flatMap { reader.decimal($0, key: "\(key).output_per_million") }
            for (name, value) in [("input_per_million", input), ("output_per_million", output)] where (value ?? 0) < 0 {
                reader.report(fields[name], key: "\(key).\(name)", "a price cannot be negative")
            }
            guard let backend, let input, let output, input >= 0, output >= 0 else { continue }
            if prices.contains(where: { $0.backend == backend && $0.model == model }) {
                reader.report(item, key: key, "another price is given for backend '\(backend)' and \(model.map { "model '\($0)'" } ?? "every model")")
                continue
            }
            prices.append(PriceConfig(backend: backend, model: model, inputPerMillion: input, outputPerMillion: output))
        }
        return prices
    }

    /// Reports a backend lent by a tenant the configuration does not name.
    mutating func checkLenders(_ backendItems: [Node], backends: [BackendConfig], tenants: [TenantConfig]) {
        let names = Set(tenants.map(\.name))
        for (index, backend) in backends.enumerated() {
            guard let lender = backend.lentBy, !names.contains(lender), index < backendItems.count else { continue }
            var node: Node? = backendItems[index]
            if case .mapping(let mapping) = backendItems[index] { node = mapping["lent_by"] ?? node }
            reader.report(node, key: "backends[\(index)].lent_by", "there is no tenant named '\(lender)'; name the lending member under tenants")
        }
    }
}
