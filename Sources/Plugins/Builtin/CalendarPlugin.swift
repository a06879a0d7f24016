import Foundation
import Wire

/// `calendar`: whether a date is a trading day, the next or previous one, and how many lie in a
/// range, from the exchange calendar file; a date outside the file's years is an error.
public struct CalendarPlugin: Plugin {
    /// The calendar it answers from.
    public let calendar: TradingCalendar
    /// Where the calendar came from (a file path, or `embedded`), for provenance.
    public let source: String

    public var definition: PluginDefinition {
        PluginDefinition(
            name: "calendar",
            description: """
                Trading calendar of the \(calendar.market) market (\(calendar.years.lowerBound)–\(calendar.years.upperBound)): \
                whether a date is a trading day, the next or previous trading day, and the number of trading days \
                between two dates (both ends included). Use it for settlement dates, holding periods and "next \
                trading day" questions; dates outside the covered years are refused, not guessed.
                """,
            parameters: .object([
                "type": .string("object"),
                "properties": .object([
                    "action": .object([
                        "type": .string("string"),
                        "enum": .array(Action.allCases.map { .string($0.rawValue) }),
                        "description": .string("What to work out."),
                    ]),
                    "date": .object(["type": .string("string"), "format": .string("date"), "description": .string("YYYY-MM-DD")]),
                    "end_date": .object([
                        "type": .string("string"), "format": .string("date"),
                        "description": .string("YYYY-MM-DD, for trading_days_between only"),
                    ]),
                ]),
                "required": .array([.string("action"), .string("date")]),
                "additionalProperties": .bool(false),
            ]),
            effect: .read)
    }

    /// What the calendar can be asked.
    public enum Action: String, CaseIterable, Sendable {
        case isTradingDay = "is_trading_day"
        case nextTradingDay = "next_trading_day"
        case previousTradingDay = "previous_trading_day"
        case tradingDaysBetween = "trading_days_between"
    }

    /// Creates the plugin over `calendar`.
    public init(calendar: TradingCalendar, source: String) {
        self.calendar = calendar
        self.source = source
    }

    public func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult {
        guard let action = arguments["action"]?.stringValue.flatMap(Action.init(rawValue:)),
            let dateText = arguments["date"]?.stringValue, let date = CalendarDay(dateText)
        else {
            throw PluginError(.invalidArguments, "give an action and a date as YYYY-MM-DD")
        }
        var content: [String: JSONValue] = ["action": .string(action.rawValue), "date": .string(date.description), "market": .string(calendar.market)]
        var figures: [String: String] = [:]
        do throws(TradingCalendarError) {
            switch action {
            case .isTradingDay:
                content["is_trading_day"] = .bool(try calendar.isTradingDay(date))
            case .nextTradingDay:
                content["next_trading_day"] = .string(try calendar.nextTradingDay(after: date).description)
            case .previousTradingDay:
                content["previous_trading_day"] = .string(try calendar.previousTradingDay(before: date).description)
            case .tradingDaysBetween:
                guard let endText = arguments["end_date"]?.stringValue, let end = CalendarDay(endText) else {
                    throw TradingCalendarError("trading_days_between needs end_date as YYYY-MM-DD")
                }
                let count = try calendar.tradingDays(from: date, to: end)
                content["end_date"] = .string(end.description)
                content["trading_days"] = .integer(count)
                figures["trading_days"] = String(count)
            }
        } catch {
            throw PluginError(.failed, error.description)
        }
        return PluginResult(content: .object(content), provenance: Provenance(source: "calendar:\(calendar.market) (\(source))", asOf: Date(), figures: figures))
    }
}
