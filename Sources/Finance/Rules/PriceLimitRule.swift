import Plugins

/// The daily price limits of A-shares, point in time: the board's band, half-up rounding to the
/// 0.01 tick, the one-tick floor, and the listing days without limits.
///
/// Sources (see `RULES-CN.md` §5.1–5.2): main board 10 %; main-board risk-warned stocks 5 % until
/// 2026-07-05 and 10 % from 2026-07-06; ChiNext and STAR 20 %; Beijing 30 %; 「计算结果按照四舍五入原则
/// 取至申报价格最小变动单位」; a limit closer to the previous close than one tick is set one tick away.
/// No limits on the first five trading days of main board (registration regime, from 2023-04-10),
/// ChiNext (from 2020-08-24) and STAR (from 2019-07-22) listings, nor on a Beijing listing day.
public enum PriceLimitRule {
    /// The day main-board risk-warned stocks moved from a 5 % to a 10 % band.
    public static let riskWarningBandChange = CalendarDay(year: 2026, month: 7, day: 6)!
    /// The days each board's no-limit listing window applies from.
    static let listingWindowSince: [Board: CalendarDay] = [
        .main: CalendarDay(year: 2023, month: 4, day: 10)!, .chinext: CalendarDay(year: 2020, month: 8, day: 24)!,
        .star: CalendarDay(year: 2019, month: 7, day: 22)!, .bse: CalendarDay(year: 2021, month: 11, day: 15)!,
    ]
    /// When the Shanghai exchange adopted the one-tick floor (Shenzhen has had it since 2011).
    public static let sseTickFloorSince = CalendarDay(year: 2023, month: 4, day: 10)!

    /// The band in percent for a board on a day.
    @inlinable
    public static func bandPercent(board: Board, riskWarning: Bool, asOf: CalendarDay) -> Int {
        switch board {
        case .main: riskWarning && asOf < riskWarningBandChange ? 5 : 10
        case .chinext, .star: 20
        case .bse: 30
        }
    }

    /// How many listing days (1 = the listing day) trade without limits on a board.
    public static func noLimitDays(board: Board) -> Int {
        board == .bse ? 1 : 5
    }

    /// Whether the listing day `index` falls in the board's no-limit window on `asOf`; throws
    /// when the window's rules before it took effect are not modelled.
    public static func isInNoLimitWindow(board: Board, listingDayIndex index: Int?, asOf: CalendarDay) throws(RuleError) -> Bool {
        guard let index else { return false }
        guard index >= 1 else { throw RuleError("listing_day_index counts from 1 (the listing day)") }
        guard index <= noLimitDays(board: board) else { return false }
        guard let since = listingWindowSince[board], asOf >= since else {
            throw RuleError("listing-day limits before \(listingWindowSince[board]?.description ?? "the current rules") (the approval regime) are not modelled; give no listing_day_index for later days")
        }
        return true
    }

    /// The limits in fen for a previous close in fen: `(up, down)`, half-up rounded, with the
    /// one-tick floor when `tickFloor`.
    @inlinable
    public static func limits(prevClose: Int, bandPercent band: Int, tickFloor: Bool) -> (up: Int, down: Int) {
        var up = (prevClose * (100 + band) + 50) / 100
        var down = (prevClose * (100 - band) + 50) / 100
        if tickFloor {
            if up - prevClose < 1 { up = prevClose + 1 }
            if prevClose - down < 1 { down = prevClose - 1 }
        }
        return (up, max(down, 1))
    }

    /// Whether the one-tick floor applies (Shenzhen and Beijing always; Shanghai from 2023-04-10;
    /// when the exchange is not known, applied).
    @inlinable
    public static func tickFloorApplies(exchange: Exchange?, asOf: CalendarDay) -> Bool {
        exchange != .sse || asOf >= sseTickFloorSince
    }

    /// The limits with every clause applied, for people and models.
    public static func explain(board: Board, riskWarning: Bool, exchange: Exchange?, prevClose: Int, asOf: CalendarDay, listingDayIndex: Int?) throws(RuleError)
        -> (up: Int?, down: Int?, clauses: [RuleClause])
    {
        var clauses: [RuleClause] = []
        let facts = ["board": board.rawValue, "st": String(riskWarning), "prev_close": Cents.string(prevClose), "as_of": asOf.description]
        if try isInNoLimitWindow(board: board, listingDayIndex: listingDayIndex, asOf: asOf) {
            clauses.append(RuleClause(
                "price_limit.listing_window",
                board == .bse
                    ? "北交所：上市首日不设涨跌幅限制 (BSE trading rules 3.3.11)."
                    : "Registration-regime listings trade without price limits on their first five trading days (上市后的前5个交易日不设价格涨跌幅限制).",
                facts: facts.merging(["listing_day_index": String(listingDayIndex ?? 0)]) { $1 }, outcome: .applied))
            return (nil, nil, clauses)
        }
        let band = bandPercent(board: board, riskWarning: riskWarning, asOf: asOf)
        let bandText: String =
            switch board {
            case .main where riskWarning && asOf < riskWarningBandChange: "Main-board risk-warned (ST) stocks: 5% until 2026-07-05 (the band became 10% on 2026-07-06)."
            case .main where riskWarning: "Main-board risk-warned (ST) stocks: 10% from 2026-07-06 (主板风险警示股票价格涨跌幅限制比例由5%调整为10%)."
            case .main: "SSE/SZSE main board: 10% (每只证券的交易价格相对于上一交易日收市价的涨跌幅度不得超过10%)."
            case .chinext: "ChiNext (incl. risk-warned): 20%."
            case .star: "STAR Market (incl. risk-warned): 20% (科创板股票交易特别规定 第十八条)."
            case .bse: "Beijing Stock Exchange: 30% (北交所交易规则 3.3.11)."
            }
        clauses.append(RuleClause("price_limit.band", bandText, facts: facts.merging(["band": "\(band)%"]) { $1 }, outcome: .applied))
        let floor = tickFloorApplies(exchange: exchange, asOf: asOf)
        let raw = limits(prevClose: prevClose, bandPercent: band, tickFloor: false)
        let (up, down) = limits(prevClose: prevClose, bandPercent: band, tickFloor: floor)
        clauses.append(RuleClause(
            "price_limit.rounding", "涨跌幅限制价格=前收盘价×(1±涨跌幅限制比例), rounded half-up (四舍五入) to the 0.01 tick.",
            facts: ["up": Cents.string(raw.up), "down": Cents.string(raw.down)], outcome: .applied))
        if floor, up != raw.up || down != raw.down {
            clauses.append(RuleClause(
                "price_limit.tick_floor", "A limit less than one tick from the previous close is set one tick (0.01) away from it.",
                facts: ["up": Cents.string(up), "down": Cents.string(down)], outcome: .applied))
        }
        return (up, down, clauses)
    }
}

/// A rule question that cannot be answered as asked.
public struct RuleError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
