import Foundation
import Testing
@testable import Plugins

/// The trading calendar and the shipped Shanghai/Shenzhen closures.
@Suite("Trading calendar")
struct TradingCalendarTests {
    static let shipped: TradingCalendar = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/calendars/cn-a-shares.yaml").path
        return try! TradingCalendar(yaml: try! String(contentsOfFile: path, encoding: .utf8), file: path)
    }()

    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test("dates: parsing, weekdays and arithmetic across months, leap years and years")
    func calendarDays() {
        #expect(CalendarDay("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2024-13-01") == nil && CalendarDay("24-01-01") == nil)
        #expect(day("2024-11-30").isWeekend && day("2024-12-01").isWeekend && !day("2024-12-02").isWeekend)
        #expect(day("2024-12-31").adding(days: 1).description == "2025-01-01")
        #expect(day("2024-03-01").adding(days: -1).description == "2024-02-29")
        #expect(day("1970-01-01").ordinal == 0 && day("2000-03-01").adding(days: -1).description == "2000-02-29")
    }

    @Test("the shipped calendar: 2015–2026, Spring Festival, National Day and the 2020 extension")
    func shippedCalendar() throws {
        let calendar = Self.shipped
        #expect(calendar.market == "cn-a-shares" && calendar.years == 2015...2026)
        #expect(try !calendar.isTradingDay(day("2024-02-09")))
        #expect(try calendar.nextTradingDay(after: day("2024-02-08")).description == "2024-02-19")
        #expect(try calendar.nextTradingDay(after: day("2024-09-30")).description == "2024-10-08")
        #expect(try calendar.previousTradingDay(before: day("2024-10-08")).description == "2024-09-30")
        #expect(try calendar.nextTradingDay(after: day("2020-01-23")).description == "2020-02-03")
        #expect(try calendar.isTradingDay(day("2024-11-29")))
        #expect(try calendar.tradingDays(from: day("2024-10-01"), to: day("2024-10-31")) == 18)
    }

    @Test("a date outside the calendar's years is an error, not a guess")
    func outsideYears() {
        #expect(throws: TradingCalendarError.self) { try Self.shipped.isTradingDay(CalendarDay("2027-03-01")!) }
        #expect(throws: TradingCalendarError.self) { try Self.shipped.nextTradingDay(after: CalendarDay("2026-12-31")!) }
    }

    @Test("a malformed calendar file is refused with the line")
    func malformed() {
        #expect(throws: TradingCalendarError.self) { try TradingCalendar(yaml: "market: x\nyears:\n  2024:\n    - 2024-11-30\n", file: "c.yaml") }
        #expect(throws: TradingCalendarError.self) { try TradingCalendar(yaml: "market: x\nyears:\n  2024: []\n  2026: []\n", file: "c.yaml") }
        #expect(throws: TradingCalendarError.self) { try TradingCalendar(yaml: "market: x\nyears:\n  2024:\n    - 2025-01-02\n", file: "c.yaml") }
    }
}
