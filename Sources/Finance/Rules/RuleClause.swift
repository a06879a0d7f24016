import Wire

/// One clause a rule applied: which rule, what it says, the facts it used, and its outcome —
/// so that every verdict can be explained and checked by a person.
public struct RuleClause: Sendable, Equatable {
    /// The outcome of a clause.
    public enum Outcome: String, Sendable {
        /// The clause was satisfied.
        case pass
        /// The clause was violated.
        case fail
        /// The clause set a value (a band, a window) rather than pass or fail.
        case applied
    }

    /// A stable identifier, e.g. `price_limit.band`.
    public var id: String
    /// The rule in words, with its source.
    public var text: String
    /// The facts it used, as strings.
    public var facts: [String: String]
    /// Its outcome.
    public var outcome: Outcome

    /// Creates a clause.
    public init(_ id: String, _ text: String, facts: [String: String] = [:], outcome: Outcome) {
        self.id = id
        self.text = text
        self.facts = facts
        self.outcome = outcome
    }

    /// The clause as JSON.
    public var json: JSONValue {
        .object(["id": .string(id), "text": .string(text), "facts": .object(facts.mapValues(JSONValue.string)), "outcome": .string(outcome.rawValue)])
    }
}
