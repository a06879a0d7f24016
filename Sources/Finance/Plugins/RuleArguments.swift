import Plugins
import Wire

/// Reading the arguments the rule plugins share: a security (by code, or by board and ST
/// flag), decimal prices, dates and times.
struct RuleArguments {
    let arguments: JSONValue
    let master: SecuritiesMaster

    /// The board, risk-warning flag and exchange from `code` (looked up in the master, or from its
    /// prefix) or from `board` and `st`.
    func security() throws(PluginError) -> (board: Board, riskWarning: Bool, exchange: Exchange?, code: String?) {
        if let code = arguments["code"]?.stringValue {
            if let known = master.security(codeOrName: code) { return (known.board, known.riskWarning, known.exchange, known.code) }
            guard let board = Board(code: code) else {
                throw PluginError(.failed, "'\(code)' is not an A-share stock code or a name in the securities master")
            }
            let riskWarning = arguments["st"]?.boolValue ?? false
            return (board, riskWarning, Exchange(code: code), code)
        }
        guard let text = arguments["board"]?.stringValue, let board = Board(rawValue: text) else {
            throw PluginError(.invalidArguments, "give a code, or a board (main, chinext, star, bse) with st")
        }
        return (board, arguments["st"]?.boolValue ?? false, nil, nil)
    }

    /// A price in fen from a decimal string or number.
    func price(_ key: String) throws(PluginError) -> (fen: Int, onTick: Bool) {
        let literal: String? =
            switch arguments[key] {
            case .string(let text)?: text
            case .number(let text)?: text
            default: nil
            }
        guard let literal, let parsed = Cents.parse(literal), parsed.fen > 0 else {
            throw PluginError(.invalidArguments, "\(key) must be a positive price such as \"12.34\" (at most three decimals)")
        }
        return (parsed.fen, parsed.wholeFen)
    }

    /// A date `YYYY-MM-DD`.
    func date(_ key: String) throws(PluginError) -> CalendarDay {
        guard let text = arguments[key]?.stringValue, let day = CalendarDay(text) else {
            throw PluginError(.invalidArguments, "\(key) must be a date YYYY-MM-DD")
        }
        return day
    }

    /// A time `HH:MM:SS` as seconds after midnight.
    func time(_ key: String) throws(PluginError) -> Int {
        let parts = (arguments[key]?.stringValue ?? "").split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]), (0..<60).contains(parts[2]) else {
            throw PluginError(.invalidArguments, "\(key) must be HH:MM:SS exchange time (China Standard Time)")
        }
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    }

    /// The shared schema members for choosing a security.
    static let securityProperties: [String: JSONValue] = [
        "code": .object(["type": .string("string"), "description": .string("Six-digit stock code (or the name in the securities master), e.g. 600519")]),
        "board": .object(["type": .string("string"), "enum": .array(Board.allCases.map { .string($0.rawValue) }), "description": .string("When no code is given")]),
        "st": .object(["type": .string("boolean"), "description": .string("Risk-warned (ST, *ST); with board")]),
    ]

    /// A price member of a schema.
    static func priceProperty(_ description: String) -> JSONValue {
        .object(["type": .array([.string("string"), .string("number")]), "description": .string(description + " as a decimal string, e.g. \"12.34\"")])
    }
}
