import Foundation
import Plugins
import Wire

/// `price_limits`: the day's up and down limit prices of a stock, from the exchange rules in
/// force on `as_of`, with the clauses applied.
public struct PriceLimitsPlugin: Plugin {
    let master: SecuritiesMaster

    /// Creates the plugin over a securities master.
    public init(master: SecuritiesMaster) {
        self.master = master
    }

    public var definition: PluginDefinition {
        PluginDefinition(
            name: "price_limits",
            description: """
                The daily up and down limit prices (涨停价/跌停价) of an A-share stock for a date, from the exchange rules \
                in force that day: board band, risk-warning (ST) band, half-up rounding to 0.01, the one-tick floor, and \
                the listing days without limits. Use it whenever an answer states a limit price; never compute it yourself.
                """,
            parameters: .object([
                "type": .string("object"),
                "properties": .object(RuleArguments.securityProperties.merging([
                    "prev_close": RuleArguments.priceProperty("The previous close"),
                    "as_of": .object(["type": .string("string"), "format": .string("date"), "description": .string("The trading date, YYYY-MM-DD")]),
                    "listing_day_index": .object(["type": .string("integer"), "minimum": .integer(1), "description": .string("1 on the listing day, 2 the next trading day…; omit for stocks listed long ago")]),
                ]) { $1 }),
                "required": .array([.string("prev_close"), .string("as_of")]),
                "additionalProperties": .bool(false),
            ]),
            effect: .read)
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let reader = RuleArguments(arguments: arguments, master: master)
        let security = try reader.security()
        let prevClose = try reader.price("prev_close")
        guard prevClose.onTick else { throw PluginError(.invalidArguments, "prev_close must be a multiple of 0.01") }
        let asOf = try reader.date("as_of")
        let result: (up: Int?, down: Int?, clauses: [RuleClause])
        do throws(RuleError) {
            result = try PriceLimitRule.explain(
                board: security.board, riskWarning: security.riskWarning, exchange: security.exchange, prevClose: prevClose.fen, asOf: asOf,
                listingDayIndex: arguments["listing_day_index"]?.intValue)
        } catch {
            throw PluginError(.failed, error.description)
        }
        var content: [String: JSONValue] = [
            "board": .string(security.board.rawValue), "st": .bool(security.riskWarning), "prev_close": .string(Cents.string(prevClose.fen)),
            "as_of": .string(asOf.description), "up_limit": result.up.map { .string(Cents.string($0)) } ?? .null,
            "down_limit": result.down.map { .string(Cents.string($0)) } ?? .null, "explanation": .array(result.clauses.map(\.json)),
        ]
        if let code = security.code { content["code"] = .string(code) }
        var figures = ["prev_close": Cents.string(prevClose.fen)]
        if let up = result.up { figures["up_limit"] = Cents.string(up) }
        if let down = result.down { figures["down_limit"] = Cents.string(down) }
        return PluginResult(content: .object(content), provenance: Provenance(source: "rules:cn-a-shares price limits", asOf: Date(), figures: figures))
    }
}
