/// What happens to an answer with figures that no evidence of its exchange supports.
public enum GroundingPolicy: String, Sendable, CaseIterable, Equatable {
    /// No grounding.
    case off
    /// The report travels with the answer; unsupported figures are marked in `switchboard.quality`.
    case annotate
    /// The model is told which figures lack evidence and asked to correct them (up to `retries`
    /// times); the last answer is annotated.
    case retry
    /// The safe message replaces an answer with unsupported figures.
    case block
}

/// Whether a scenario may advise on securities and products.
public enum AdvicePolicy: String, Sendable, CaseIterable, Equatable {
    /// Calls are allowed with a risk disclosure (the shipped `recommendation-disclosure` rail).
    case disclosed
    /// No call at all: the `advice-forbidden` rule blocks any (customer service).
    case forbidden
}

/// The quality checks of answers: grounding of figures and compliance rails. The top-level
/// `checks` section is the default of every scenario; a scenario's own `checks` overrides it
/// key by key.
public struct ChecksConfig: Sendable, Equatable {
    /// The rule sets Switchboard ships.
    public static let shippedRuleSets = ["guarantees", "recommendation-disclosure"]
    /// The message that replaces a blocked answer.
    public static let defaultSafeMessage = "抱歉，这个回答未通过合规检查，已被拦截。请换一种问法，或联系您的客户经理。(This answer did not pass the compliance checks and was withheld.)"

    /// Grounding's policy.
    public var grounding: GroundingPolicy = .annotate
    /// For `retry`: the most extra model calls.
    public var retries = 1
    /// The rule sets, shipped or from `rule_sets`; nil takes the shipped ones.
    public var rails: [String]?
    /// Whether advice is allowed.
    public var advice: AdvicePolicy = .disclosed
    /// Lines every answer about investments must carry (appended when missing).
    public var disclosures: [RequiredDisclosure] = []
    /// Topics the answers must not discuss.
    public var forbiddenTopics: [ForbiddenTopic] = []
    /// The message that replaces a blocked answer.
    public var safeMessage = ChecksConfig.defaultSafeMessage
    /// The most text (in Unicode scalars) a stream holds back waiting for a sentence to end.
    public var holdBack = 200
    /// Whether answers of plain model aliases (no scenario) are checked too (top level only).
    public var modelAliases = false

    /// The defaults.
    public init() {}

    /// The rule-set names in force.
    public var ruleSetNames: [String] { rails ?? Self.shippedRuleSets }
}

/// A line a scenario's answers must carry.
public struct RequiredDisclosure: Sendable, Equatable {
    /// The line (投资有风险，入市需谨慎).
    public var text: String
    /// Every answer needs it, not only answers about investments.
    public var always: Bool

    /// Creates a required line.
    public init(text: String, always: Bool = false) {
        self.text = text
        self.always = always
    }
}

/// A topic a scenario must not discuss.
public struct ForbiddenTopic: Sendable, Equatable {
    /// The topic's name (it names the rule: `topic-crypto`).
    public var name: String
    /// Terms that mark it.
    public var terms: [String]

    /// Creates a topic.
    public init(name: String, terms: [String]) {
        self.name = name
        self.terms = terms
    }
}

/// A rule set written in the configuration.
public struct RuleSetConfig: Sendable, Equatable {
    /// The set's name, as `checks.rails` lists it.
    public var name: String
    /// Its rules.
    public var rules: [PhraseRuleConfig]

    /// Creates a set.
    public init(name: String, rules: [PhraseRuleConfig]) {
        self.name = name
        self.rules = rules
    }
}

/// A rule of phrases: a hit unless negated in its clause, quoted as a warning, or part of an
/// allowed phrase.
public struct PhraseRuleConfig: Sendable, Equatable {
    /// What a hit does.
    public enum Action: String, Sendable, CaseIterable, Equatable {
        /// The safe message replaces the answer.
        case block
        /// Reported, the answer unchanged.
        case flag
        /// `append` is added to the answer.
        case append
    }

    /// The rule's name.
    public var name: String
    /// Its category (for metrics and reports).
    public var category: String
    /// What a hit does.
    public var action: Action
    /// For `append`: the line.
    public var append: String?
    /// The phrases (`A…B` for A then B within the clause).
    public var phrases: [String]
    /// Phrases that contain a trigger but are allowed.
    public var unless: [String]

    /// Creates a rule.
    public init(name: String, category: String, action: Action, append: String?, phrases: [String], unless: [String]) {
        self.name = name
        self.category = category
        self.action = action
        self.append = append
        self.phrases = phrases
        self.unless = unless
    }
}
