import Config
import Foundation
import Yams

/// An exchange's trading calendar: weekends are closed, and so is every weekday listed as a
/// closure; only the years the calendar lists are known, and a question about any other year is
/// an error, never a guess.
public struct TradingCalendar: Sendable {
    /// The market the calendar is for, e.g. `cn-a-shares`.
    public let market: String
    /// The years the calendar covers.
    public let years: ClosedRange<Int>
    private let closures: Set<CalendarDay>

    /// Creates a calendar covering `years` with the weekday `closures` in them.
    public init(market: String, years: ClosedRange<Int>, closures: Set<CalendarDay>) {
        self.market = market
        self.years = years
        self.closures = closures
    }

    /// Reads a calendar file (`market:`, and `years:` mapping each year to its closure dates).
    /// The years must be consecutive, and every date must fall in its own year on a weekday.
    public init(yaml: String, file: String) throws(TradingCalendarError) {
        let root: Node?
        do {
            root = try YAMLTree.compose(yaml)
        } catch {
            throw TradingCalendarError("\(file): not valid YAML: \(error)")
        }
        guard case .mapping(let mapping)? = root, let market = mapping["market"]?.string, case .mapping(let yearNodes)? = mapping["years"] else {
            throw TradingCalendarError("\(file): expected 'market:' and a 'years:' mapping of year to closure dates")
        }
        var closures = Set<CalendarDay>()
        var years: [Int] = []
        for (yearNode, datesNode) in yearNodes {
            guard let year = yearNode.string.flatMap({ Int($0) }) else {
                throw TradingCalendarError("\(file):\(yearNode.mark?.line ?? 0): '\(yearNode.string ?? "")' is not a year")
            }
            years.append(year)
            guard case .sequence(let dates) = datesNode else {
                throw TradingCalendarError("\(file):\(datesNode.mark?.line ?? 0): year \(year) needs a list of dates (an empty list for none)")
            }
            for dateNode in dates {
                guard let text = dateNode.string, let day = CalendarDay(text), day.year == year else {
                    throw TradingCalendarError("\(file):\(dateNode.mark?.line ?? 0): '\(dateNode.string ?? "")' is not a date (YYYY-MM-DD) in \(year)")
                }
                guard !day.isWeekend else {
                    throw TradingCalendarError("\(file):\(dateNode.mark?.line ?? 0): \(text) is a weekend day; list weekday closures only")
                }
                closures.insert(day)
            }
        }
        years.sort()
        guard let first = years.first, let last = years.last, years == Array(first...last) else {
            throw TradingCalendarError("\(file): the years must be consecutive, found \(years.map(String.init).joined(separator: ", "))")
        }
        self.init(market: market, years: first...last, closures: closures)
    }

    /// Whether the exchange trades on `day`.
    public func isTradingDay(_ day: CalendarDay) throws(TradingCalendarError) -> Bool {
        try check(day)
        return !day.isWeekend && !closures.contains(day)
    }

    /// The first trading day after `day`.
    public func nextTradingDay(after day: CalendarDay) throws(TradingCalendarError) -> CalendarDay {
        var candidate = day.adding(days: 1)
        while try !isTradingDay(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// The last trading day before `day`.
    public func previousTradingDay(before day: CalendarDay) throws(TradingCalendarError) -> CalendarDay {
        var candidate = day.adding(days: -1)
        while try !isTradingDay(candidate) { candidate = candidate.adding(days: -1) }
        return candidate
    }

    /// How many trading days lie in `from...to` (both ends counted when they are trading days).
    public func tradingDays(from: CalendarDay, to: CalendarDay) throws(TradingCalendarError) -> Int {
        guard from <= to else { throw TradingCalendarError("the range \(from)…\(to) ends before it starts") }
        try check(from)
        try check(to)
        var count = 0
        var day = from
        while day <= to {
            if !day.isWeekend, !closures.contains(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    private func check(_ day: CalendarDay) throws(TradingCalendarError) {
        guard years.contains(day.year) else {
            throw TradingCalendarError("the \(market) calendar covers \(years.lowerBound)–\(years.upperBound); \(day) is outside it, so whether the market trades then is not known")
        }
    }
}

/// A trading calendar that cannot be read, or a question it cannot answer.
public struct TradingCalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
