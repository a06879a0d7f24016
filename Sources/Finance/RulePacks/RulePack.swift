import Config
import Foundation
import Plugins
import Wire
import Yams

/// A pack of institution rules in YAML: the facts it reads (with types), and rules whose
/// conditions are expressions of the rule language. All rules must hold for the pack to pass.
///
/// ```yaml
/// pack: star_market
/// title: 科创板股票交易权限
/// source: 上海证券交易所科创板股票交易特别规定
/// facts: { daily_assets: decimals, first_trade_date: date, as_of: date }
/// rules:
///   - { id: assets, text: "…", when: "count(daily_assets) >= 20 and avg(daily_assets) >= 500000" }
/// ```
public struct RulePack: Sendable {
    /// One rule of the pack.
    public struct Rule: Sendable {
        /// Its identifier.
        public var id: String
        /// What it says, with its source.
        public var text: String
        /// Its condition (type-checked as a bool).
        public var condition: RuleExpression
        /// The condition as written.
        public var source: String
    }

    /// The pack's name.
    public var name: String
    /// Its title.
    public var title: String
    /// Where its rules come from.
    public var source: String?
    /// The facts it reads.
    public var facts: [String: RuleType]
    /// Its rules, in order.
    public var rules: [Rule]

    /// Reads every pack in a YAML document (one mapping, or a list of them); errors name the file,
    /// the line and column, and the key.
    public static func load(yaml: String, file: String) throws(RulePackError) -> [RulePack] {
        let root: Node?
        do {
            root = try YAMLTree.compose(yaml)
        } catch {
            throw RulePackError("\(file): not valid YAML: \(error)")
        }
        let nodes: [Node]
        switch root {
        case .sequence(let sequence)?: nodes = Array(sequence)
        case .mapping?: nodes = [root!]
        default: throw RulePackError("\(file): expected a rule pack (a mapping with pack, facts and rules) or a list of them")
        }
        var packs: [RulePack] = []
        for (index, node) in nodes.enumerated() {
            packs.append(try pack(node, file: file, key: nodes.count > 1 ? "[\(index)]" : ""))
        }
        return packs
    }

    private static func pack(_ node: Node, file: String, key: String) throws(RulePackError) -> RulePack {
        func child(_ name: String) -> String { key.isEmpty ? name : "\(key).\(name)" }
        func place(_ node: Node?, _ key: String, column offset: Int = 0) -> String {
            let mark = node?.mark
            return "\(file):\(mark?.line ?? 0):\((mark?.column ?? 0) + offset): \(key)"
        }
        guard case .mapping(let mapping) = node else { throw RulePackError("\(place(node, key)): expected a mapping") }
        guard let name = mapping["pack"]?.string, !name.isEmpty else { throw RulePackError("\(place(node, child("pack"))): give the pack a name") }
        guard case .mapping(let factNodes)? = mapping["facts"] else { throw RulePackError("\(place(node, child("facts"))): declare the facts as name: type (decimal, string, date, bool, decimals)") }
        var facts: [String: RuleType] = [:]
        for (factName, typeNode) in factNodes {
            guard let name = factName.string, let type = typeNode.string.flatMap(RuleType.init(rawValue:)) else {
                throw RulePackError("\(place(typeNode, child("facts"))): the type must be one of decimal, string, date, bool, decimals")
            }
            facts[name] = type
        }
        guard case .sequence(let ruleNodes)? = mapping["rules"], !ruleNodes.isEmpty else { throw RulePackError("\(place(node, child("rules"))): list at least one rule") }
        var rules: [Rule] = []
        for (index, ruleNode) in ruleNodes.enumerated() {
            let ruleKey = child("rules[\(index)]")
            guard case .mapping(let fields) = ruleNode, let id = fields["id"]?.string, let whenNode = fields["when"], let text = whenNode.string else {
                throw RulePackError("\(place(ruleNode, ruleKey)): a rule needs id, text and when")
            }
            // The condition's columns count from its first character; quoted scalars start one later.
            let quoted = whenNode.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
            do throws(RuleLanguageError) {
                let condition = try RuleParser.parse(text)
                let type = try RuleTypeChecker.type(of: condition, facts: facts)
                guard type == .bool else { throw RuleLanguageError(column: 1, "the condition must be a bool, found a \(type.rawValue)") }
                rules.append(Rule(id: id, text: fields["text"]?.string ?? id, condition: condition, source: text))
            } catch {
                throw RulePackError("\(place(whenNode, "\(ruleKey).when", column: error.column - 1 + (quoted ? 1 : 0))): \(error.message)")
            }
        }
        return RulePack(name: name, title: mapping["title"]?.string ?? name, source: mapping["source"]?.string, facts: facts, rules: rules)
    }

    /// Converts JSON facts to values of the declared types; a missing or mistyped fact is an error naming it.
    public func values(from facts: [String: JSONValue]) throws(RulePackError) -> [String: RuleValue] {
        var values: [String: RuleValue] = [:]
        for (name, type) in self.facts {
            guard let raw = facts[name] else { throw RulePackError("the fact '\(name)' (\(type.rawValue)) is missing") }
            guard let value = raw.ruleValue(as: type) else { throw RulePackError("the fact '\(name)' must be a \(type.rawValue)") }
            values[name] = value
        }
        return values
    }
}

extension RulePack {
    /// What evaluating a pack found.
    public struct Outcome: Sendable {
        /// Whether every rule held.
        public var passed: Bool
        /// Each rule as a clause (`pass`, `fail`, or `fail` with the evaluation error in its facts).
        public var clauses: [RuleClause]
    }

    /// Evaluates every rule over `facts` (JSON, converted to the declared types).
    public func evaluate(_ facts: [String: JSONValue]) throws(RulePackError) -> Outcome {
        let values = try values(from: facts)
        var clauses: [RuleClause] = []
        var passed = true
        for rule in rules {
            var ruleFacts = ["condition": rule.source]
            let holds: Bool
            do throws(RuleLanguageError) {
                holds = try RuleEvaluator.evaluate(rule.condition, facts: values) == .bool(true)
            } catch {
                ruleFacts["error"] = error.description
                holds = false
            }
            passed = passed && holds
            clauses.append(RuleClause("\(name).\(rule.id)", rule.text, facts: ruleFacts, outcome: holds ? .pass : .fail))
        }
        return Outcome(passed: passed, clauses: clauses)
    }
}

/// A rule pack that cannot be read, or facts that do not fit it.
public struct RulePackError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with the file, line, column and key when it comes from a pack.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
