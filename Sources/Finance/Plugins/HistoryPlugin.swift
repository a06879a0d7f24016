import Foundation
import Plugins
import Wire

/// `history`: the minute bars of a security over a time range, built from the quotes received.
public struct HistoryPlugin: Plugin {
    let master: SecuritiesMaster
    let store: QuoteStore

    /// Creates the plugin over the master and the quote store.
    public init(master: SecuritiesMaster, store: QuoteStore) {
        self.master = master
        self.store = store
    }

    public var definition: PluginDefinition {
        PluginDefinition(
            name: "history",
            description: """
                One-minute bars (open, high, low, close, volume) of an A-share stock over a time range, from the quotes \
                received today and the previous trading day. Use it for intraday moves ("how did it trade this morning").
                """,
            parameters: .object([
                "type": .string("object"),
                "properties": .object([
                    "code": .object(["type": .string("string"), "description": .string("Six-digit code or name")]),
                    "from": .object(["type": .string("string"), "description": .string("Start, YYYY-MM-DD HH:MM:SS China time or ISO 8601; default one hour before to")]),
                    "to": .object(["type": .string("string"), "description": .string("End; default now")]),
                ]),
                "required": .array([.string("code")]),
                "additionalProperties": .bool(false),
            ]),
            effect: .read)
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        let key = arguments["code"]?.stringValue ?? ""
        guard let security = master.security(codeOrName: key) else { throw PluginError(.failed, "'\(key)' is not a security in the master") }
        func time(_ name: String) throws(PluginError) -> Date? {
            guard let text = arguments[name]?.stringValue else { return nil }
            guard let date = QuoteTime.parse(text) else { throw PluginError(.invalidArguments, "\(name) must be YYYY-MM-DD HH:MM:SS (China time) or ISO 8601") }
            return date
        }
        let to = try time("to") ?? store.clock()
        let from = try time("from") ?? to.addingTimeInterval(-3600)
        guard from <= to else { throw PluginError(.invalidArguments, "from must not be after to") }
        let bars = store.bars(security.code, in: from...to)
        let rows: [JSONValue] = bars.map { bar in
            .object([
                "start": .string(Provenance.timestamp(bar.start)), "open": .string(Cents.string(bar.open)), "high": .string(Cents.string(bar.high)),
                "low": .string(Cents.string(bar.low)), "close": .string(Cents.string(bar.close)), "volume": .integer(bar.volume),
            ])
        }
        var figures: [String: String] = [:]
        if let first = bars.first, let last = bars.last {
            figures["first_open"] = Cents.string(first.open)
            figures["last_close"] = Cents.string(last.close)
            figures["high"] = Cents.string(bars.map(\.high).max() ?? last.high)
            figures["low"] = Cents.string(bars.map(\.low).min() ?? last.low)
        }
        return PluginResult(
            content: .object([
                "code": .string(security.code), "name": .string(security.name), "from": .string(Provenance.timestamp(from)), "to": .string(Provenance.timestamp(to)),
                "interval": .string("1m"), "bars": .array(rows),
            ]),
            provenance: Provenance(source: store.source, asOf: bars.last?.start ?? to, figures: figures))
    }
}
