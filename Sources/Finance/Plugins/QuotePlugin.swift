import Foundation
import Plugins
import Wire

/// `quote`: the latest quotes of one or more securities by code or name, each with its as-of
/// time and whether it is stale.
public struct QuotePlugin: Plugin {
    let master: SecuritiesMaster
    let store: QuoteStore

    /// Creates the plugin over the master and the quote store.
    public init(master: SecuritiesMaster, store: QuoteStore) {
        self.master = master
        self.store = store
    }

    public var definition: PluginDefinition {
        PluginDefinition(
            name: "quote",
            description: """
                Latest market quotes of A-share stocks by code or name: last price, change, change %, open, high, low, \
                previous close, volume, turnover, the day's limit prices and the as-of time. A quote older than the \
                staleness limit is marked stale: say so rather than presenting it as live. Use it for every price you state.
                """,
            parameters: .object([
                "type": .string("object"),
                "properties": .object([
                    "codes": .object([
                        "type": .string("array"), "items": .object(["type": .string("string")]), "minItems": .integer(1), "maxItems": .integer(50),
                        "description": .string("Six-digit codes or names, e.g. [\"600519\", \"平安银行\"]"),
                    ])
                ]),
                "required": .array([.string("codes")]),
                "additionalProperties": .bool(false),
            ]),
            effect: .read)
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let keys = (arguments["codes"]?.arrayValue ?? []).compactMap(\.stringValue)
        let now = store.clock()
        var items: [JSONValue] = []
        var figures: [String: String] = [:]
        var oldest: Date?
        for key in keys {
            guard let security = master.security(codeOrName: key), let found = store.quote(security.code, now: now) else {
                items.append(.object(["query": .string(key), "error": .string("no quote: not a security in the master, or not quoted by \(store.source)")]))
                continue
            }
            let (quote, stale) = found
            let band = PriceLimitRule.bandPercent(board: security.board, riskWarning: security.riskWarning, asOf: CalendarDay.today(now))
            let limits = PriceLimitRule.limits(prevClose: quote.prevClose, bandPercent: band, tickFloor: PriceLimitRule.tickFloorApplies(exchange: security.exchange, asOf: CalendarDay.today(now)))
            items.append(.object([
                "code": .string(security.code), "name": .string(security.name), "last": .string(Cents.string(quote.last)),
                "change": .string(Cents.string(quote.change)), "change_pct": .string(quote.changePercent), "open": .string(Cents.string(quote.open)),
                "high": .string(Cents.string(quote.high)), "low": .string(Cents.string(quote.low)), "prev_close": .string(Cents.string(quote.prevClose)),
                "volume": .integer(quote.volume), "turnover": quote.turnover.map { .string(Cents.string($0)) } ?? .null, "up_limit": .string(Cents.string(limits.up)),
                "down_limit": .string(Cents.string(limits.down)), "as_of": .string(Provenance.timestamp(quote.asOf)), "stale": .bool(stale),
            ]))
            figures["\(security.code).last"] = Cents.string(quote.last)
            figures["\(security.code).change_pct"] = quote.changePercent
            figures["\(security.code).prev_close"] = Cents.string(quote.prevClose)
            oldest = min(oldest ?? quote.asOf, quote.asOf)
        }
        guard !figures.isEmpty else {
            throw PluginError(.failed, "no quotes for \(keys.joined(separator: ", ")): give six-digit A-share codes or names from the securities master")
        }
        return PluginResult(content: .object(["quotes": .array(items)]), provenance: Provenance(source: store.source, asOf: oldest ?? now, figures: figures))
    }
}
