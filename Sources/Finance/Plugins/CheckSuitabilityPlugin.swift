import Foundation
import Plugins
import Wire

/// `check_suitability`: whether a product of a risk level may be sold to an investor of a category.
public struct CheckSuitabilityPlugin: Plugin {
    /// Creates the plugin.
    public init() {}

    public let definition = PluginDefinition(
        name: "check_suitability",
        description: """
            Investor suitability (适当性): whether an investor of category C1–C5 (C1_LOWEST for the lowest category, \
            PROFESSIONAL for professional investors) may be sold a product of risk level R1–R5, depending on who \
            initiated it. Returns suitable, warn_and_confirm (the investor asked: special risk warning and written \
            confirmation first) or refuse. Use it before suggesting or discussing the purchase of any product.
            """,
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "investor": .object(["type": .string("string"), "enum": .array(Suitability.Investor.allCases.map { .string($0.rawValue) })]),
                "product": .object(["type": .string("string"), "enum": .array((1...5).map { .string("R\($0)") })]),
                "initiated_by": .object(["type": .string("string"), "enum": .array(Suitability.Initiator.allCases.map { .string($0.rawValue) })]),
            ]),
            "required": .array([.string("investor"), .string("product"), .string("initiated_by")]),
            "additionalProperties": .bool(false),
        ]),
        effect: .read)

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        guard let investor = arguments["investor"]?.stringValue.flatMap(Suitability.Investor.init(rawValue:)),
            let product = arguments["product"]?.stringValue, let level = Int(product.dropFirst()),
            let initiator = arguments["initiated_by"]?.stringValue.flatMap(Suitability.Initiator.init(rawValue:))
        else {
            throw PluginError(.invalidArguments, "give investor (C1–C5, C1_LOWEST, PROFESSIONAL), product (R1–R5) and initiated_by (investor or institution)")
        }
        let decision = Suitability.decide(investor: investor, productLevel: level, initiatedBy: initiator)
        return PluginResult(
            content: .object([
                "investor": .string(investor.rawValue), "product": .string(product), "initiated_by": .string(initiator.rawValue),
                "verdict": .string(decision.verdict.rawValue), "summary": .string(decision.verdict.summary),
                "summary_zh": .string(decision.verdict.summaryChinese), "explanation": .array(decision.clauses.map(\.json)),
            ]),
            provenance: Provenance(source: "rules:investor suitability (证券期货投资者适当性管理办法)", asOf: Date()))
    }
}
