/// What a rail does when its rule matches.
public enum RailAction: Sendable, Equatable {
    /// A safe message replaces the answer.
    case block
    /// The answer goes on, with the hit reported.
    case flag
    /// The disclosure is appended to the answer.
    case append(Disclosure)

    /// `block`, `flag` or `append`.
    public var name: String {
        switch self {
        case .block: "block"
        case .flag: "flag"
        case .append: "append"
        }
    }
}

/// A line appended to an answer, in Chinese and (for answers in English) in English.
public struct Disclosure: Sendable, Equatable {
    /// The Chinese line.
    public var chinese: String
    /// The English line; the Chinese one serves when there is none.
    public var english: String?

    /// Creates a disclosure.
    public init(chinese: String, english: String? = nil) {
        self.chinese = chinese
        self.english = english
    }

    /// The line for an answer: English when the answer has no Chinese in it.
    public func line(for text: AnswerText) -> String {
        guard let english, !text.folded.contains(where: \.isHan) else { return chinese }
        return english
    }
}

/// How a rule recognises a hit.
public enum RailMatcher: Sendable, Equatable {
    /// A claim (a promise of returns, of no risk): any of `phrases`, unless it is negated in its
    /// clause (不保本, does not guarantee), quoted in a warning (警惕"稳赚不赔"), or part of an
    /// `allowed` phrase (无风险利率, risk-free rate).
    case claims(phrases: [String], allowed: [String])
    /// A call to buy, sell or hold a named security or a product. With `unlessDisclosed`, an
    /// answer that carries a risk disclosure passes.
    case recommendation(unlessDisclosed: Bool)
    /// An answer about investments that lacks `line` (spaces and punctuation aside). With
    /// `always`, every answer needs it.
    case requiredDisclosure(line: String, always: Bool)
    /// A topic the answer must not discuss: any of `terms`, unless its sentence refuses.
    case topic(terms: [String])
}

/// One rule of a rail: its name, the category its hits count under, what it does, and how it
/// recognises a hit.
public struct RailRule: Sendable, Equatable {
    /// The rule's name, reported with each hit (`no-guarantees`).
    public var name: String
    /// The category (`guarantee`, `undisclosed-recommendation` …), for metrics and scoring.
    public var category: String
    /// What a hit does.
    public var action: RailAction
    /// How it matches.
    public var matcher: RailMatcher

    /// Creates a rule.
    public init(name: String, category: String, action: RailAction, matcher: RailMatcher) {
        self.name = name
        self.category = category
        self.action = action
        self.matcher = matcher
    }
}

/// A named set of rules, shipped (``ShippedRailSets``) or written in the configuration.
public struct RailSet: Sendable, Equatable {
    /// The set's name, as scenarios list it.
    public var name: String
    /// Its rules.
    public var rules: [RailRule]

    /// Creates a set.
    public init(name: String, rules: [RailRule]) {
        self.name = name
        self.rules = rules
    }
}
