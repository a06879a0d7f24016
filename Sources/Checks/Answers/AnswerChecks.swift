import Config

/// The quality checks of one scenario (or of the plain model aliases), compiled once from its
/// `checks`: the grounding policy and the rails of its rule sets.
public struct AnswerChecks: Sendable {
    /// The configuration compiled.
    public let config: ChecksConfig
    /// The rails.
    public let rails: RailChecker

    /// Compiles `config`, with the configuration's own `ruleSets`; `securityNames` are what a
    /// call may name a security by.
    public init(config: ChecksConfig, ruleSets: [RuleSetConfig], securityNames: [String]) {
        self.config = config
        rails = RailChecker(rules: Self.rules(config, ruleSets), securityNames: securityNames)
    }

    /// The checks of scenario `name` in `config`, or the top-level `checks` when `name` is nil;
    /// nil when there is no such scenario.
    public init?(scenario name: String?, in config: SwitchboardConfig, securityNames: [String]) {
        guard let name else {
            self.init(config: config.checks, ruleSets: config.ruleSets, securityNames: securityNames)
            return
        }
        guard let scenario = config.scenarios.first(where: { $0.name == name }) else { return nil }
        self.init(config: scenario.checks, ruleSets: config.ruleSets, securityNames: securityNames)
    }

    /// The rules of `config`, in order: its rule sets, then advice, required lines and topics.
    static func rules(_ config: ChecksConfig, _ ruleSets: [RuleSetConfig]) -> [RailRule] {
        var rules: [RailRule] = []
        for name in config.ruleSetNames {
            if let shipped = ShippedRailSets.all[name] {
                // Where advice is forbidden, no disclosure makes a call acceptable.
                if config.advice == .forbidden, name == ShippedRailSets.recommendationDisclosure.name { continue }
                rules += shipped.rules
            } else if let written = ruleSets.first(where: { $0.name == name }) {
                rules += written.rules.map(rule)
            }
        }
        if config.advice == .forbidden {
            rules.append(RailRule(name: "no-advice", category: "advice-forbidden", action: .block, matcher: .recommendation(unlessDisclosed: false)))
        }
        for line in config.disclosures {
            rules.append(RailRule(
                name: "required-disclosure", category: "missing-disclosure", action: .append(Disclosure(chinese: line.text)),
                matcher: .requiredDisclosure(line: line.text, always: line.always)))
        }
        for topic in config.forbiddenTopics {
            rules.append(RailRule(name: "topic-" + topic.name, category: "forbidden-topic", action: .block, matcher: .topic(terms: topic.terms)))
        }
        return rules
    }

    private static func rule(_ written: PhraseRuleConfig) -> RailRule {
        let action: RailAction =
            switch written.action {
            case .block: .block
            case .flag: .flag
            case .append: .append(Disclosure(chinese: written.append ?? ""))
            }
        return RailRule(name: written.name, category: written.category, action: action, matcher: .claims(phrases: written.phrases, allowed: written.unless))
    }

    /// Checks `answer`: its figures against `evidence` (unless grounding is off) and the rails.
    public func check(_ answer: AnswerText, evidence: GroundingEvidence) -> QualityReport {
        let grounding = config.grounding == .off ? nil : GroundingChecker.check(answer, against: evidence)
        return QualityReport(grounding: grounding, rails: rails.check(answer), policy: config.grounding)
    }

    /// Checks `answer`.
    public func check(_ answer: String, evidence: GroundingEvidence) -> QualityReport {
        check(AnswerText(answer), evidence: evidence)
    }
}
