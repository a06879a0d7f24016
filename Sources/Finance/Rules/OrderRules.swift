import Plugins

/// The exchange rules an order must meet before it is sent: trading day and session, tick,
/// price limits, the per-order maximum, lot sizes, the odd-lot rule for sells and T+1.
///
/// ``check(_:)`` is the decision, free of allocation (it runs millions of times a second);
/// ``explain(_:)`` gives the same decision clause by clause for people and models.
public enum OrderRules {
    /// The most shares one limit order may carry on a board; nil when no maximum is encoded.
    @inlinable
    public static func orderMaximum(_ board: Board) -> Int? {
        switch board {
        case .main: 1_000_000
        case .chinext: 300_000
        case .star: 100_000
        case .bse: nil
        }
    }

    /// Whether `second` falls in an order-entry window (half-open): the opening call 09:15–09:25,
    /// continuous trading 09:30–11:30 and 13:00–14:57, the closing call 14:57–15:00; 09:25–09:30
    /// is treated as closed.
    @inlinable
    public static func inSession(_ second: Int) -> Bool {
        (33_300..<33_900).contains(second) || (34_200..<41_400).contains(second) || (46_800..<54_000).contains(second)
    }

    /// The reasons to reject the order; empty to accept it. Throws only for a listing-day
    /// question the rules do not model.
    @inlinable
    public static func check(_ order: OrderFacts) throws(RuleError) -> OrderReasons {
        var reasons: OrderReasons = []
        if order.quantity <= 0 || order.price <= 0 || order.prevClose <= 0 { return .invalidOrder }
        if order.isTradingDay == false { reasons.insert(.notTradingDay) }
        if !inSession(order.secondOfDay) { reasons.insert(.outsideTradingSession) }
        if !order.priceOnTick { reasons.insert(.invalidTick) }
        if try !PriceLimitRule.isInNoLimitWindow(board: order.board, listingDayIndex: order.listingDayIndex, asOf: order.asOf) {
            let band = PriceLimitRule.bandPercent(board: order.board, riskWarning: order.riskWarning, asOf: order.asOf)
            let limits = PriceLimitRule.limits(
                prevClose: order.prevClose, bandPercent: band, tickFloor: PriceLimitRule.tickFloorApplies(exchange: order.exchange, asOf: order.asOf))
            if order.price > limits.up { reasons.insert(.aboveUpLimit) }
            if order.price < limits.down { reasons.insert(.belowDownLimit) }
        }
        if let maximum = orderMaximum(order.board), order.quantity > maximum { reasons.insert(.exceedsOrderMaximum) }
        reasons.formUnion(quantityReasons(order))
        return reasons
    }

    /// Lots, minimums, the odd-lot rule and T+1.
    @inlinable
    static func quantityReasons(_ order: OrderFacts) -> OrderReasons {
        let quantity = order.quantity
        let minimum = order.board.minimumBuy
        let roundLots = order.board == .main || order.board == .chinext
        switch order.side {
        case .buy:
            if roundLots { return quantity % 100 == 0 ? [] : .invalidLot }
            return quantity >= minimum ? [] : .belowMinimumQuantity
        case .sell:
            var reasons: OrderReasons = []
            let sellable = order.sellable
            if let sellable, quantity > sellable { reasons.insert(.exceedsSellable) }
            if roundLots {
                // 余额不足100股的部分，应当一次性申报卖出: the odd part goes in one order, alone or with round lots.
                if quantity % 100 != 0 {
                    if let sellable, quantity <= sellable {
                        if quantity % 100 != sellable % 100 { reasons.insert(.oddLotMustBeSoldAtOnce) }
                    } else if sellable == nil {
                        reasons.insert(.invalidLot)
                    }
                }
            } else if quantity < minimum {
                // STAR and Beijing: below the minimum only to sell a smaller balance at once.
                if let sellable {
                    if sellable >= minimum { reasons.insert(.belowMinimumQuantity) } else if quantity != sellable { reasons.insert(.oddLotMustBeSoldAtOnce) }
                } else {
                    reasons.insert(.belowMinimumQuantity)
                }
            }
            return reasons
        }
    }

    /// The decision of ``check(_:)`` clause by clause.
    public static func explain(_ order: OrderFacts) throws(RuleError) -> (reasons: OrderReasons, clauses: [RuleClause]) {
        let reasons = try check(order)
        var clauses: [RuleClause] = []
        func outcome(_ reason: OrderReasons) -> RuleClause.Outcome { reasons.contains(reason) ? .fail : .pass }
        if reasons == .invalidOrder {
            return (reasons, [RuleClause("order.valid", "Quantity, price and previous close must be positive.", outcome: .fail)])
        }
        if let trading = order.isTradingDay {
            clauses.append(RuleClause(
                "order.trading_day", "Orders are accepted on trading days only (exchange calendar).",
                facts: ["date": order.asOf.description, "is_trading_day": String(trading)], outcome: outcome(.notTradingDay)))
        }
        clauses.append(RuleClause(
            "order.session", "Order entry 09:15–09:25, 09:30–11:30 and 13:00–15:00 exchange time (SSE 2.4.2 / SZSE 2.3.2); 09:25–09:30 is treated as closed.",
            facts: ["time": clock(order.secondOfDay)], outcome: outcome(.outsideTradingSession)))
        clauses.append(RuleClause(
            "order.tick", "A-share prices move in ticks of 0.01 CNY (A股的申报价格最小变动单位为0.01元).", facts: ["price": Cents.string(order.price)],
            outcome: outcome(.invalidTick)))
        let limits = try PriceLimitRule.explain(
            board: order.board, riskWarning: order.riskWarning, exchange: order.exchange, prevClose: order.prevClose, asOf: order.asOf,
            listingDayIndex: order.listingDayIndex)
        clauses += limits.clauses
        if let up = limits.up, let down = limits.down {
            clauses.append(RuleClause(
                "order.price_limit", "The price must lie within the day's limits.",
                facts: ["price": Cents.string(order.price), "up_limit": Cents.string(up), "down_limit": Cents.string(down)],
                outcome: reasons.isDisjoint(with: [.aboveUpLimit, .belowDownLimit]) ? .pass : .fail))
        }
        if let maximum = orderMaximum(order.board) {
            let source = order.board == .star ? "科创板: limit orders at most 100,000 shares" : order.board == .chinext ? "创业板: limit orders at most 300,000 shares" : "main board: at most 1,000,000 shares per order"
            clauses.append(RuleClause(
                "order.maximum", "One order may carry at most \(maximum) shares (\(source)).", facts: ["quantity": String(order.quantity)],
                outcome: outcome(.exceedsOrderMaximum)))
        }
        let lotText: String =
            switch (order.board, order.side) {
            case (.main, .buy), (.chinext, .buy): "Buys are in round lots of 100 shares."
            case (.star, .buy): "STAR buys are at least 200 shares, then in steps of 1."
            case (.bse, .buy): "Beijing buys are at least 100 shares, then in steps of 1."
            case (.main, .sell), (.chinext, .sell): "Sells are in round lots of 100; a balance under 100 shares must be sold in one order (余额不足100股的部分，应当一次性申报卖出)."
            case (.star, .sell): "STAR sells are at least 200 shares; a balance under 200 must be sold in one order."
            case (.bse, .sell): "Beijing sells are at least 100 shares; a balance under 100 must be sold in one order."
            }
        var lotFacts = ["quantity": String(order.quantity), "side": order.side.rawValue]
        if let sellable = order.sellable { lotFacts["sellable"] = String(sellable) }
        clauses.append(RuleClause(
            "order.lot", lotText, facts: lotFacts,
            outcome: reasons.isDisjoint(with: [.invalidLot, .belowMinimumQuantity, .oddLotMustBeSoldAtOnce]) ? .pass : .fail))
        if order.side == .sell, let total = order.holdingTotal {
            clauses.append(RuleClause(
                "order.t_plus_1", "Shares bought today cannot be sold before settlement (T+1: 投资者买入的证券，在交收前不得卖出).",
                facts: ["holding_total": String(total), "bought_today": String(order.boughtToday ?? 0), "quantity": String(order.quantity)],
                outcome: outcome(.exceedsSellable)))
        }
        return (reasons, clauses)
    }

    /// `HH:MM:SS` for seconds after midnight.
    static func clock(_ second: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }
}
