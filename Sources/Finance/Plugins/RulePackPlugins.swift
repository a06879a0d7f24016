import Foundation
import Plugins
import Wire

/// `evaluate_rules`: evaluates one of the loaded rule packs over the facts given.
public struct EvaluateRulesPlugin: Plugin {
    let library: RulePackLibrary

    /// Creates the plugin over the loaded packs.
    public init(library: RulePackLibrary) {
        self.library = library
    }

    public var definition: PluginDefinition {
        PluginDefinition(
            name: "evaluate_rules",
            description: """
                Evaluates one of the institution's rule packs over facts and returns pass or fail with every rule's \
                outcome. Packs: \(library.packs.values.sorted { $0.name < $1.name }.map { "\($0.name) (\($0.title); facts: \($0.facts.keys.sorted().joined(separator: ", ")))" }.joined(separator: "; ")).
                """,
            parameters: .object([
                "type": .string("object"),
                "properties": .object([
                    "pack": .object(["type": .string("string"), "enum": .array(library.packs.keys.sorted().map(JSONValue.string))]),
                    "facts": .object(["type": .string("object"), "description": .string("The pack's facts: decimals as strings, dates as YYYY-MM-DD, lists of decimals as arrays")]),
                ]),
                "required": .array([.string("pack"), .string("facts")]),
                "additionalProperties": .bool(false),
            ]),
            effect: .read)
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        try RulePackAnswer.answer(library: library, pack: arguments["pack"]?.stringValue ?? "", facts: arguments["facts"]?.objectValue ?? [:])
    }
}

/// `check_eligibility`: whether a client meets the asset and experience thresholds of a trading
/// permission (STAR, ChiNext, Beijing, margin trading), from the shipped rule packs.
public struct CheckEligibilityPlugin: Plugin {
    let library: RulePackLibrary

    /// The permissions and the packs that decide them.
    static let packs = ["star": "star_market", "chinext": "chinext", "bse": "bse", "margin": "margin"]

    /// Creates the plugin over the loaded packs.
    public init(library: RulePackLibrary) {
        self.library = library
    }

    public let definition = PluginDefinition(
        name: "check_eligibility",
        description: """
            Whether a client meets the thresholds for a trading permission — STAR Market (科创板), ChiNext (创业板), \
            Beijing Stock Exchange (北交所) or margin trading (融资融券): average daily assets over the 20 trading days \
            before the application, and months of trading experience. Returns eligible or not, rule by rule.
            """,
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "permission": .object(["type": .string("string"), "enum": .array(["star", "chinext", "bse", "margin"].map(JSONValue.string))]),
                "daily_assets": .object([
                    "type": .string("array"), "items": .object(["type": .array([.string("string"), .string("number")])]), "minItems": .integer(1),
                    "description": .string("Total assets (CNY) on each of the 20 trading days before the application"),
                ]),
                "first_trade_date": .object(["type": .string("string"), "format": .string("date")]),
                "as_of": .object(["type": .string("string"), "format": .string("date"), "description": .string("The application date")]),
            ]),
            "required": .array(["permission", "daily_assets", "first_trade_date", "as_of"].map(JSONValue.string)),
            "additionalProperties": .bool(false),
        ]),
        effect: .read)

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        guard let permission = arguments["permission"]?.stringValue, let pack = Self.packs[permission] else {
            throw PluginError(.invalidArguments, "permission must be star, chinext, bse or margin")
        }
        var facts = arguments.objectValue ?? [:]
        facts["permission"] = nil
        return try RulePackAnswer.answer(library: library, pack: pack, facts: facts)
    }
}

/// The answer of a rule-pack evaluation.
enum RulePackAnswer {
    static func answer(library: RulePackLibrary, pack name: String, facts: [String: JSONValue]) throws(PluginError) -> PluginResult {
        guard let pack = library.packs[name] else {
            throw PluginError(.invalidArguments, "there is no rule pack '\(name)'; packs are: \(library.packs.keys.sorted().joined(separator: ", "))")
        }
        let outcome: RulePack.Outcome
        do throws(RulePackError) {
            outcome = try pack.evaluate(facts)
        } catch {
            throw PluginError(.invalidArguments, error.description)
        }
        var content: [String: JSONValue] = [
            "pack": .string(pack.name), "title": .string(pack.title), "verdict": .string(outcome.passed ? "pass" : "fail"),
            "explanation": .array(outcome.clauses.map(\.json)),
        ]
        if let source = pack.source { content["source"] = .string(source) }
        return PluginResult(content: .object(content), provenance: Provenance(source: "rule pack:\(pack.name)", asOf: Date()))
    }
}
