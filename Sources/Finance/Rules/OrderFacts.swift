import Plugins

/// Everything an order check looks at, in exact units: prices in fen, times in seconds after
/// midnight exchange time (China Standard Time).
public struct OrderFacts: Sendable, Equatable {
    /// Buy or sell.
    public enum Side: String, Sendable {
        case buy
        case sell
    }

    /// The board.
    public var board: Board
    /// Risk warning (ST).
    public var riskWarning: Bool
    /// The exchange, when the code is known.
    public var exchange: Exchange?
    /// Buy or sell.
    public var side: Side
    /// Shares.
    public var quantity: Int
    /// The limit price in fen.
    public var price: Int
    /// Whether the price is on the 0.01 tick.
    public var priceOnTick: Bool
    /// The previous close in fen.
    public var prevClose: Int
    /// Seconds after midnight, exchange time.
    public var secondOfDay: Int
    /// The trading date.
    public var asOf: CalendarDay
    /// Whether `asOf` is a trading day (nil: not known, not checked).
    public var isTradingDay: Bool?
    /// 1 for the listing day, 2 for the next trading day…; nil when long listed.
    public var listingDayIndex: Int?
    /// Shares held in total, for sells.
    public var holdingTotal: Int?
    /// Shares of the holding bought today (not sellable until the next trading day).
    public var boughtToday: Int?

    /// Creates the facts.
    public init(
        board: Board, riskWarning: Bool, exchange: Exchange?, side: Side, quantity: Int, price: Int, priceOnTick: Bool = true, prevClose: Int,
        secondOfDay: Int, asOf: CalendarDay, isTradingDay: Bool? = nil, listingDayIndex: Int? = nil, holdingTotal: Int? = nil, boughtToday: Int? = nil
    ) {
        self.board = board
        self.riskWarning = riskWarning
        self.exchange = exchange
        self.side = side
        self.quantity = quantity
        self.price = price
        self.priceOnTick = priceOnTick
        self.prevClose = prevClose
        self.secondOfDay = secondOfDay
        self.asOf = asOf
        self.isTradingDay = isTradingDay
        self.listingDayIndex = listingDayIndex
        self.holdingTotal = holdingTotal
        self.boughtToday = boughtToday
    }

    /// Shares that may be sold today (T+1: what was bought today may not be sold).
    public var sellable: Int? {
        holdingTotal.map { $0 - (boughtToday ?? 0) }
    }
}

/// Why an order is rejected; an empty set accepts it.
public struct OrderReasons: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Not a trading day.
    public static let notTradingDay = OrderReasons(rawValue: 1 << 0)
    /// Outside the order-entry windows 09:15–09:25, 09:30–11:30, 13:00–15:00.
    public static let outsideTradingSession = OrderReasons(rawValue: 1 << 1)
    /// The price is not a multiple of 0.01.
    public static let invalidTick = OrderReasons(rawValue: 1 << 2)
    /// Above the day's up limit.
    public static let aboveUpLimit = OrderReasons(rawValue: 1 << 3)
    /// Below the day's down limit.
    public static let belowDownLimit = OrderReasons(rawValue: 1 << 4)
    /// More shares than one order may carry.
    public static let exceedsOrderMaximum = OrderReasons(rawValue: 1 << 5)
    /// A buy not in round lots of 100 (main board, ChiNext).
    public static let invalidLot = OrderReasons(rawValue: 1 << 6)
    /// Fewer shares than the board's minimum (STAR 200, Beijing 100).
    public static let belowMinimumQuantity = OrderReasons(rawValue: 1 << 7)
    /// A sell that splits the odd-lot balance, which must be sold in one order.
    public static let oddLotMustBeSoldAtOnce = OrderReasons(rawValue: 1 << 8)
    /// More shares than may be sold today (T+1).
    public static let exceedsSellable = OrderReasons(rawValue: 1 << 9)
    /// A quantity or price that is not positive.
    public static let invalidOrder = OrderReasons(rawValue: 1 << 10)

    /// Each reason with its code, in a stable order.
    public static let codes: [(OrderReasons, String)] = [
        (.invalidOrder, "invalid_order"), (.notTradingDay, "not_a_trading_day"), (.outsideTradingSession, "outside_trading_session"),
        (.invalidTick, "invalid_tick"), (.aboveUpLimit, "above_up_limit"), (.belowDownLimit, "below_down_limit"),
        (.exceedsOrderMaximum, "exceeds_order_maximum"), (.invalidLot, "invalid_lot"), (.belowMinimumQuantity, "below_minimum_quantity"),
        (.oddLotMustBeSoldAtOnce, "odd_lot_must_be_sold_at_once"), (.exceedsSellable, "exceeds_sellable_quantity"),
    ]

    /// The codes of the reasons in the set.
    public var names: [String] {
        Self.codes.filter { contains($0.0) }.map(\.1)
    }
}
