import Finance
import Foundation
import Plugins
import Testing

/// The exchange and suitability rules, table-driven from the rule texts (RULES-CN.md §4–5).
@Suite("Finance rules")
struct FinanceRuleTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
    static func fen(_ text: String) -> Int { Cents.parse(text)!.fen }

    struct LimitCase: Sendable, CustomStringConvertible {
        var board: Board
        var st = false
        var exchange: Exchange? = nil
        var prev: String
        var asOf = "2026-09-15"
        var listingDay: Int? = nil
        var up: String?
        var down: String?
        var why: String
        var description: String { why }
    }

    static let limitCases: [LimitCase] = [
        LimitCase(board: .main, prev: "12.34", up: "13.57", down: "11.11", why: "main board 10%: 13.574 → 13.57, 11.106 → 11.11"),
        LimitCase(board: .main, prev: "1.15", up: "1.27", down: "1.04", why: "1.265 rounds half-up to 1.27 (binary floating point gives 1.26), 1.035 → 1.04"),
        LimitCase(board: .main, prev: "2.25", up: "2.48", down: "2.03", why: "2.025 rounds half-up to 2.03 (banker's rounding gives 2.02)"),
        LimitCase(board: .main, st: true, prev: "10.00", asOf: "2026-07-03", up: "10.50", down: "9.50", why: "ST main board 5% before 2026-07-06"),
        LimitCase(board: .main, st: true, prev: "10.00", asOf: "2026-07-06", up: "11.00", down: "9.00", why: "ST main board 10% from 2026-07-06"),
        LimitCase(board: .main, st: true, prev: "3.33", asOf: "2025-12-31", up: "3.50", down: "3.16", why: "ST 5%: 3.4965 → 3.50, 3.1635 → 3.16"),
        LimitCase(board: .chinext, prev: "25.55", up: "30.66", down: "20.44", why: "ChiNext 20%"),
        LimitCase(board: .chinext, st: true, prev: "25.55", up: "30.66", down: "20.44", why: "ChiNext risk-warned stocks keep 20%"),
        LimitCase(board: .star, prev: "100.01", up: "120.01", down: "80.01", why: "STAR 20%: 120.012 → 120.01, 80.008 → 80.01"),
        LimitCase(board: .bse, prev: "10.01", up: "13.01", down: "7.01", why: "Beijing 30%: 13.013 → 13.01, 7.007 → 7.01"),
        LimitCase(board: .main, exchange: .szse, prev: "0.04", asOf: "2022-03-01", up: "0.05", down: "0.03", why: "SZSE's own example of the one-tick floor: 0.04 at 10% gives [0.03, 0.05]"),
        LimitCase(board: .main, exchange: .sse, prev: "0.04", asOf: "2022-03-01", up: "0.04", down: "0.04", why: "SSE before 2023-04-10 had no one-tick floor"),
        LimitCase(board: .main, exchange: .sse, prev: "0.04", asOf: "2023-04-10", up: "0.05", down: "0.03", why: "SSE applies the one-tick floor from 2023-04-10"),
        LimitCase(board: .star, prev: "38.00", asOf: "2024-03-01", listingDay: 5, up: nil, down: nil, why: "STAR: no limits on the first five trading days"),
        LimitCase(board: .star, prev: "38.00", asOf: "2024-03-01", listingDay: 6, up: "45.60", down: "30.40", why: "STAR: limits from the sixth day"),
        LimitCase(board: .main, prev: "20.00", asOf: "2023-06-01", listingDay: 1, up: nil, down: nil, why: "main board registration regime: no limits on the listing day"),
        LimitCase(board: .bse, prev: "20.00", asOf: "2024-03-01", listingDay: 1, up: nil, down: nil, why: "Beijing: no limits on the listing day"),
        LimitCase(board: .bse, prev: "20.00", asOf: "2024-03-01", listingDay: 2, up: "26.00", down: "14.00", why: "Beijing: limits from the second day"),
    ]

    @Test("price limits", arguments: limitCases)
    func priceLimits(_ rule: LimitCase) throws {
        let result = try PriceLimitRule.explain(
            board: rule.board, riskWarning: rule.st, exchange: rule.exchange, prevClose: Self.fen(rule.prev), asOf: Self.day(rule.asOf), listingDayIndex: rule.listingDay)
        #expect(result.up.map(Cents.string) == rule.up, "\(rule.why)")
        #expect(result.down.map(Cents.string) == rule.down, "\(rule.why)")
        #expect(!result.clauses.isEmpty)
    }

    @Test("listing-day limits under the old approval regime are refused, not guessed")
    func oldListingRegime() {
        #expect(throws: RuleError.self) {
            try PriceLimitRule.explain(board: .main, riskWarning: false, exchange: .sse, prevClose: 1000, asOf: Self.day("2021-06-01"), listingDayIndex: 1)
        }
    }

    struct OrderCase: Sendable, CustomStringConvertible {
        var board: Board = .main
        var st = false
        var side: OrderFacts.Side = .buy
        var qty: Int
        var price = "10.50"
        var prev = "10.00"
        var time = 36_000
        var tradingDay: Bool? = true
        var listingDay: Int? = nil
        var holding: (total: Int, today: Int)? = nil
        var reasons: OrderReasons
        var why: String
        var description: String { why }
    }

    static let orderCases: [OrderCase] = [
        OrderCase(qty: 100, reasons: [], why: "a plain round-lot buy within the limits"),
        OrderCase(qty: 150, reasons: .invalidLot, why: "main-board buys are in lots of 100"),
        OrderCase(qty: 100, price: "11.00", reasons: [], why: "the up limit itself is allowed"),
        OrderCase(qty: 100, price: "11.01", reasons: .aboveUpLimit, why: "above the up limit"),
        OrderCase(qty: 100, price: "8.99", reasons: .belowDownLimit, why: "below the down limit"),
        OrderCase(qty: 100, price: "10.005", reasons: .invalidTick, why: "off the 0.01 tick"),
        OrderCase(qty: 100, time: 33_300, reasons: [], why: "09:15:00 opens the call auction"),
        OrderCase(qty: 100, time: 33_900, reasons: .outsideTradingSession, why: "09:25:00 ends it (half-open)"),
        OrderCase(qty: 100, time: 34_000, reasons: .outsideTradingSession, why: "09:26:40 is in the closed gap before 09:30"),
        OrderCase(qty: 100, time: 41_400, reasons: .outsideTradingSession, why: "11:30:00 is the lunch break"),
        OrderCase(qty: 100, time: 53_999, reasons: [], why: "14:59:59 is in the closing call"),
        OrderCase(qty: 100, time: 54_000, reasons: .outsideTradingSession, why: "15:00:00 is closed"),
        OrderCase(qty: 100, tradingDay: false, reasons: .notTradingDay, why: "not a trading day"),
        OrderCase(qty: 1_000_100, reasons: .exceedsOrderMaximum, why: "main board: at most 1,000,000 shares"),
        OrderCase(board: .chinext, qty: 300_100, price: "11.00", reasons: .exceedsOrderMaximum, why: "ChiNext: at most 300,000 shares"),
        OrderCase(side: .sell, qty: 250, holding: (350, 0), reasons: [], why: "a sell may carry the whole odd part with round lots"),
        OrderCase(side: .sell, qty: 50, holding: (350, 0), reasons: [], why: "or the odd part alone"),
        OrderCase(side: .sell, qty: 230, holding: (350, 0), reasons: .oddLotMustBeSoldAtOnce, why: "but never split it"),
        OrderCase(side: .sell, qty: 150, reasons: .invalidLot, why: "an odd sell without the holding cannot be justified"),
        OrderCase(side: .sell, qty: 300, holding: (300, 100), reasons: .exceedsSellable, why: "T+1: shares bought today are not sellable"),
        OrderCase(side: .sell, qty: 200, holding: (300, 100), reasons: [], why: "T+1: the rest is"),
        OrderCase(board: .star, qty: 199, price: "12.00", reasons: .belowMinimumQuantity, why: "STAR buys start at 200"),
        OrderCase(board: .star, qty: 201, price: "12.00", reasons: [], why: "then go up in steps of 1"),
        OrderCase(board: .star, qty: 100_001, price: "12.00", reasons: .exceedsOrderMaximum, why: "STAR limit orders: at most 100,000"),
        OrderCase(board: .star, side: .sell, qty: 150, price: "12.00", holding: (150, 0), reasons: [], why: "a STAR balance under 200 is sold at once"),
        OrderCase(board: .star, side: .sell, qty: 100, price: "12.00", holding: (150, 0), reasons: .oddLotMustBeSoldAtOnce, why: "not in parts"),
        OrderCase(board: .star, side: .sell, qty: 150, price: "12.00", holding: (500, 0), reasons: .belowMinimumQuantity, why: "with more than 200 held, sells start at 200"),
        OrderCase(board: .bse, qty: 101, price: "12.00", reasons: [], why: "Beijing buys: at least 100, then steps of 1"),
        OrderCase(board: .bse, qty: 99, price: "12.00", reasons: .belowMinimumQuantity, why: "Beijing buys under 100"),
        OrderCase(board: .star, qty: 200, price: "30.00", listingDay: 2, reasons: [], why: "no limits on a STAR listing's second day"),
        OrderCase(board: .main, st: true, qty: 100, price: "10.60", reasons: [], why: "an ST stock after 2026-07-06 has a 10% band"),
        OrderCase(qty: 0, reasons: .invalidOrder, why: "nothing to trade"),
        OrderCase(qty: 150, price: "12.00", time: 30_000, tradingDay: false, reasons: [.notTradingDay, .outsideTradingSession, .aboveUpLimit, .invalidLot], why: "every reason is reported"),
    ]

    @Test("order checks", arguments: orderCases)
    func orderChecks(_ rule: OrderCase) throws {
        let price = Cents.parse(rule.price)!
        let order = OrderFacts(
            board: rule.board, riskWarning: rule.st, exchange: nil, side: rule.side, quantity: rule.qty, price: price.fen, priceOnTick: price.wholeFen,
            prevClose: Self.fen(rule.prev), secondOfDay: rule.time, asOf: Self.day("2026-09-15"), isTradingDay: rule.tradingDay,
            listingDayIndex: rule.listingDay, holdingTotal: rule.holding?.total, boughtToday: rule.holding?.today)
        #expect(try OrderRules.check(order) == rule.reasons, "\(rule.why)")
        let explained = try OrderRules.explain(order)
        #expect(explained.reasons == rule.reasons, "explain decides as check does")
        #expect(explained.clauses.contains { $0.outcome == .fail } == !rule.reasons.isEmpty, "a rejection names a failed clause")
    }

    @Test("suitability: matches, the investor's own request, the institution's recommendation, the lowest category")
    func suitability() {
        typealias S = Suitability
        let cases: [(S.Investor, Int, S.Initiator, S.Verdict)] = [
            (.c3, 3, .investor, .suitable), (.c3, 3, .institution, .suitable), (.c3, 4, .investor, .warnAndConfirm), (.c3, 4, .institution, .refuse),
            (.c1, 1, .institution, .suitable), (.c1, 2, .investor, .warnAndConfirm), (.c1Lowest, 1, .investor, .suitable), (.c1Lowest, 2, .investor, .refuse),
            (.c5, 5, .institution, .suitable), (.c4, 5, .investor, .warnAndConfirm), (.professional, 5, .institution, .suitable), (.c2, 3, .institution, .refuse),
        ]
        for (investor, product, initiator, verdict) in cases {
            #expect(S.decide(investor: investor, productLevel: product, initiatedBy: initiator).verdict == verdict, "\(investor) R\(product) \(initiator)")
        }
        // Exhaustively: an institution never recommends a mismatch, the lowest category never gets above R1.
        for investor in S.Investor.allCases {
            for product in 1...5 {
                let byInstitution = S.decide(investor: investor, productLevel: product, initiatedBy: .institution).verdict
                #expect(byInstitution != .warnAndConfirm)
                if investor == .c1Lowest, product > 1 {
                    #expect(S.decide(investor: investor, productLevel: product, initiatedBy: .investor).verdict == .refuse)
                }
            }
        }
    }

    @Test("decimal prices parse exactly into fen")
    func cents() {
        #expect(Cents.parse("12.34")?.fen == 1234)
        #expect(Cents.parse("12.3")?.fen == 1230)
        #expect(Cents.parse("12")?.fen == 1200)
        #expect(Cents.parse("0.05")?.fen == 5)
        #expect(Cents.parse("10.005")! == (1000, false))
        #expect(Cents.parse("10.010")! == (1001, true))
        for bad in ["", ".5", "1.", "-1", "1.2345", "1e3", "12,3", "１２"] { #expect(Cents.parse(bad) == nil, "\(bad)") }
        #expect(Cents.string(5) == "0.05")
        #expect(Cents.string(127) == "1.27")
    }

    @Test("the embedded securities master is the shipped file, and its codes agree with their boards")
    func securitiesMaster() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/securities/cn-a-shares.csv")
        let shipped = try String(contentsOf: file, encoding: .utf8)
        #expect(EmbeddedSecurities.cnAShares == shipped.trimmingCharacters(in: .newlines), "run scripts/embed-resources.sh after editing the master")
        let master = try SecuritiesMaster(csv: shipped, file: "cn-a-shares.csv")
        #expect(master.all.count >= 100)
        for board in Board.allCases { #expect(master.all.contains { $0.board == board }, "\(board)") }
        #expect(master.security(code: "600519")?.name == "贵州茅台")
        #expect(master.security(codeOrName: "贵州茅台")?.code == "600519")
        #expect(throws: SecuritiesMasterError.self) {
            try SecuritiesMaster(csv: "code,name,exchange,board,st,listing_date,lot\n600519,贵州茅台,SZSE,main,false,,100\n", file: "bad.csv")
        }
    }
}
