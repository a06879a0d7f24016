import Yams

/// The `checks` and `rule_sets` sections, and a scenario's `checks`.
extension ConfigDecoder {
    /// `checks`: `base` with the keys given at `key` overriding it.
    mutating func checks(_ node: Node, key: String, base: ChecksConfig, topLevel: Bool) -> ChecksConfig {
        var checks = base
        var allowed = ["grounding", "retries", "rails", "advice", "disclosures", "forbidden_topics", "safe_message", "hold_back"]
        if topLevel { allowed.append("model_aliases") }
        guard let fields = reader.mapping(node, key: key, allowed: allowed) else { return checks }
        if let value = fields["grounding"], let policy = reader.choice(value, key: "\(key).grounding", as: GroundingPolicy.self) { checks.grounding = policy }
        if let value = fields["retries"], let retries = reader.integer(value, key: "\(key).retries", in: 1...5) { checks.retries = retries }
        if let value = fields["rails"], let names = reader.strings(value, key: "\(key).rails") { checks.rails = names }
        if let value = fields["advice"], let advice = reader.choice(value, key: "\(key).advice", as: AdvicePolicy.self) { checks.advice = advice }
        if let value = fields["disclosures"], let items = reader.sequence(value, key: "\(key).disclosures") {
            checks.disclosures = items.enumerated().compactMap { disclosure($1, key: "\(key).disclosures[\($0)]") }
        }
        if let value = fields["forbidden_topics"], let topics = reader.mapping(value, key: "\(key).forbidden_topics", allowed: nil) {
            checks.forbiddenTopics = topics.keys.sorted().compactMap { name in
                guard let terms = reader.strings(topics[name]!, key: "\(key).forbidden_topics.\(name)"), !terms.isEmpty else {
                    reader.report(topics[name], key: "\(key).forbidden_topics.\(name)", "list the terms that mark the topic, e.g. [比特币, bitcoin]")
                    return nil
                }
                return ForbiddenTopic(name: name, terms: terms)
            }
        }
        if let value = fields["safe_message"], let message = reader.nonEmptyString(value, key: "\(key).safe_message") { checks.safeMessage = message }
        if let value = fields["hold_back"], let scalars = reader.integer(value, key: "\(key).hold_back", in: 16...4096) { checks.holdBack = scalars }
        if let value = fields["model_aliases"], let flag = reader.bool(value, key: "\(key).model_aliases") { checks.modelAliases = flag }
        return checks
    }

    private mutating func disclosure(_ node: Node, key: String) -> RequiredDisclosure? {
        if case .scalar = node { return reader.nonEmptyString(node, key: key).map { RequiredDisclosure(text: $0) } }
        guard let fields = reader.mapping(node, key: key, allowed: ["text", "always"]) else { return nil }
        let text = required(fields, "text", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).text") }
        let always = fields["always"].flatMap { reader.bool($0, key: "\(key).always") } ?? false
        return text.map { RequiredDisclosure(text: $0, always: always) }
    }

    /// `rule_sets`: named sets of phrase rules.
    mutating func ruleSets(_ node: Node) -> [RuleSetConfig] {
        guard let items = reader.sequence(node, key: "rule_sets") else { return [] }
        var sets: [RuleSetConfig] = []
        for (index, item) in items.enumerated() {
            let key = "rule_sets[\(index)]"
            guard let fields = reader.mapping(item, key: key, allowed: ["name", "rules"]) else { continue }
            let name = required(fields, "name", in: item, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
            if let name, ChecksConfig.shippedRuleSets.contains(name) || sets.contains(where: { $0.name == name }) {
                reader.report(fields["name"], key: "\(key).name", "another rule set is named '\(name)' (the shipped sets are \(ChecksConfig.shippedRuleSets.joined(separator: ", ")))")
            }
            let rules = required(fields, "rules", in: item, key: key).flatMap { reader.sequence($0, key: "\(key).rules") } ?? []
            let decoded = rules.enumerated().compactMap { phraseRule($1, key: "\(key).rules[\($0)]") }
            if let name { sets.append(RuleSetConfig(name: name, rules: decoded)) }
        }
        return sets
    }

    private mutating func phraseRule(_ node: Node, key: String) -> PhraseRuleConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["name", "category", "action", "append", "phrases", "unless"]) else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let category = fields["category"].flatMap { reader.nonEmptyString($0, key: "\(key).category") } ?? name ?? ""
        let action = fields["action"].flatMap { reader.choice($0, key: "\(key).action", as: PhraseRuleConfig.Action.self) } ?? .flag
        let append = fields["append"].flatMap { reader.nonEmptyString($0, key: "\(key).append") }
        if action == .append, append == nil { reader.report(fields["action"], key: "\(key).append", "action: append needs append: the line to add") }
        let phrases = required(fields, "phrases", in: node, key: key).flatMap { reader.strings($0, key: "\(key).phrases") } ?? []
        if let node = fields["phrases"], phrases.isEmpty { reader.report(node, key: "\(key).phrases", "list at least one phrase, e.g. [业绩最好, 第一名]") }
        let unless = fields["unless"].flatMap { reader.strings($0, key: "\(key).unless") } ?? []
        guard let name else { return nil }
        return PhraseRuleConfig(name: name, category: category, action: action, append: append, phrases: phrases, unless: unless)
    }

    /// Every rule-set name a `checks` lists must be shipped or in `rule_sets`.
    mutating func checkRuleSetNames(_ checks: ChecksConfig, node: Node?, key: String, sets: [RuleSetConfig]) {
        let known = ChecksConfig.shippedRuleSets + sets.map(\.name)
        for name in checks.rails ?? [] where !known.contains(name) {
            reader.report(node, key: "\(key).rails", "there is no rule set '\(name)'; the sets are: \(known.joined(separator: ", "))")
        }
    }
}
