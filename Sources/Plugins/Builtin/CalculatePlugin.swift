import Foundation
import Wire

/// `calculate`: exact decimal arithmetic, so that no figure in an answer depends on a model's
/// mental arithmetic.
public struct CalculatePlugin: Plugin {
    public let definition = PluginDefinition(
        name: "calculate",
        description: """
            Exact decimal arithmetic for any figure in an answer: returns, changes, ratios, compounding. \
            Use it instead of calculating yourself. Operators + - * / ^ and parentheses; 5% means 0.05; \
            functions round(x, places), abs, min, max, sqrt, pct_change(old, new), cagr(start, end, years), \
            annualize(rate, days), compound(principal, rate, periods). The result keeps its full precision.
            """,
        parameters: .object([
            "type": .string("object"),
            "properties": .object([
                "expression": .object([
                    "type": .string("string"),
                    "description": .string("The expression, e.g. round((12.34 - 11.2) / 11.2 * 100, 2)"),
                    "minLength": .integer(1),
                    "maxLength": .integer(DecimalCalculator.maximumLength),
                ])
            ]),
            "required": .array([.string("expression")]),
            "additionalProperties": .bool(false),
        ]),
        effect: .read)

    /// Creates the plugin.
    public init() {}

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let expression = arguments["expression"]?.stringValue ?? ""
        let value: Decimal
        do {
            value = try DecimalCalculator.evaluate(expression)
        } catch {
            throw PluginError(.failed, "the expression could not be evaluated: \(error.description)")
        }
        let result = "\(value)"
        return PluginResult(
            content: .object(["expression": .string(expression), "result": .string(result)]),
            provenance: Provenance(source: "switchboard.calculate", asOf: Date(), figures: ["result": result]))
    }
}
