import Foundation
import Plugins
import Wire

/// `check_order`: whether an exchange would accept an order, with every rule it applied.
public struct CheckOrderPlugin: Plugin {
    let master: SecuritiesMaster
    let calendar: TradingCalendar

    /// Creates the plugin over a securities master and the trading calendar.
    public init(master: SecuritiesMaster, calendar: TradingCalendar) {
        self.master = master
        self.calendar = calendar
    }

    public var definition: PluginDefinition {
        PluginDefinition(
            name: "check_order",
            description: """
                Checks an A-share order against the exchange rules before it is placed: trading day and session, \
                tick size, daily price limits, the per-order maximum, lot sizes, the odd-lot rule for sells and T+1. \
                Returns accept or reject with reason codes and the clauses applied. Use it before describing an order \
                as valid.
                """,
            parameters: .object([
                "type": .string("object"),
                "properties": .object(RuleArguments.securityProperties.merging([
                    "side": .object(["type": .string("string"), "enum": .array([.string("buy"), .string("sell")])]),
                    "qty": .object(["type": .string("integer"), "description": .string("Shares")]),
                    "price": RuleArguments.priceProperty("The limit price"),
                    "prev_close": RuleArguments.priceProperty("The previous close"),
                    "time": .object(["type": .string("string"), "pattern": .string("^[0-9]{2}:[0-9]{2}:[0-9]{2}$"), "description": .string("HH:MM:SS exchange time")]),
                    "as_of": .object(["type": .string("string"), "format": .string("date")]),
                    "listing_day_index": .object(["type": .string("integer"), "minimum": .integer(1)]),
                    "holding": .object([
                        "type": .string("object"),
                        "properties": .object(["total": .object(["type": .string("integer"), "minimum": .integer(0)]), "bought_today": .object(["type": .string("integer"), "minimum": .integer(0)])]),
                        "required": .array([.string("total")]),
                        "description": .string("For sells: shares held, and how many of them were bought today"),
                    ]),
                ]) { $1 }),
                "required": .array([.string("side"), .string("qty"), .string("price"), .string("prev_close"), .string("time"), .string("as_of")]),
                "additionalProperties": .bool(false),
            ]),
            effect: .read)
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let reader = RuleArguments(arguments: arguments, master: master)
        let security = try reader.security()
        let price = try reader.price("price")
        let prevClose = try reader.price("prev_close")
        let asOf = try reader.date("as_of")
        let second = try reader.time("time")
        let tradingDay: Bool?
        do throws(TradingCalendarError) {
            tradingDay = try calendar.isTradingDay(asOf)
        } catch {
            tradingDay = nil
        }
        let order = OrderFacts(
            board: security.board, riskWarning: security.riskWarning, exchange: security.exchange,
            side: arguments["side"]?.stringValue == "sell" ? .sell : .buy, quantity: arguments["qty"]?.intValue ?? 0, price: price.fen,
            priceOnTick: price.onTick, prevClose: prevClose.fen, secondOfDay: second, asOf: asOf, isTradingDay: tradingDay,
            listingDayIndex: arguments["listing_day_index"]?.intValue, holdingTotal: arguments["holding"]?["total"]?.intValue,
            boughtToday: arguments["holding"]?["bought_today"]?.intValue)
        let decision: (reasons: OrderReasons, clauses: [RuleClause])
        do throws(RuleError) {
            decision = try OrderRules.explain(order)
        } catch {
            throw PluginError(.failed, error.description)
        }
        var content: [String: JSONValue] = [
            "verdict": .string(decision.reasons.isEmpty ? "accept" : "reject"), "reasons": .array(decision.reasons.names.map(JSONValue.string)),
            "explanation": .array(decision.clauses.map(\.json)),
        ]
        if tradingDay == nil {
            content["calendar"] = .string("\(asOf) is outside the trading calendar's years; whether it is a trading day was not checked")
        }
        if let code = security.code { content["code"] = .string(code) }
        return PluginResult(content: .object(content), provenance: Provenance(source: "rules:cn-a-shares order checks", asOf: Date()))
    }
}
