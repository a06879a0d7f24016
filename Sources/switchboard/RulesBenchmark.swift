import ArgumentParser
import Finance
import Foundation
import Plugins

/// `switchboard rules bench`: order checks per second on one core, against a baseline loop over
/// the same orders in the same run (reading every field the check reads and summing them).
struct RulesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure order checks per second (one core) against a baseline loop over the same orders.")

    @Option(help: "Seconds to spend on each measurement.")
    var seconds = 1.0

    @Option(help: "Distinct orders cycled through.")
    var orders = 4096

    func run() async throws {
        let book = Self.orders(count: orders)
        let rejected = book.reduce(0) { $0 + ((try? OrderRules.check($1).isEmpty) == false ? 1 : 0) }
        print("\(book.count) orders across all boards, buys and sells, \(rejected) of them rejected; one core")
        // A changing salt keeps the optimizer from hoisting either loop out of the batch.
        var salt = 0
        let baseline = ScanBenchmark.rate(bytes: book.count, seconds: seconds) {
            salt &+= 1
            return Self.baseline(book, salt: salt)
        }
        let checks = ScanBenchmark.rate(bytes: book.count, seconds: seconds) {
            salt &+= 1
            return Self.check(book, salt: salt)
        }
        print(String(format: "baseline loop: %8.1f M orders/s", baseline))
        print(String(format: "order checks:  %8.1f M checks/s (%.0f ns each), %.3fx the baseline", checks, 1000 / checks, checks / baseline))
    }

    /// A deterministic mix of orders: every board, ST and not, buys and sells with holdings,
    /// prices in and out of the limits, times in and out of the sessions.
    static func orders(count: Int) -> [OrderFacts] {
        var generator = SeededGenerator(seed: 20_261_129)
        let boards = Board.allCases
        let asOf = CalendarDay(year: 2026, month: 9, day: 15)!
        return (0..<count).map { _ in
            let board = boards[Int(generator.next() % UInt64(boards.count))]
            let prevClose = 100 + Int(generator.next() % 20_000)
            let price = prevClose + Int(generator.next() % UInt64(prevClose / 2 + 1)) - prevClose / 4
            let sell = generator.next() % 2 == 0
            let total = Int(generator.next() % 5_000)
            return OrderFacts(
                board: board, riskWarning: generator.next() % 10 == 0, exchange: nil, side: sell ? .sell : .buy,
                quantity: 100 * (1 + Int(generator.next() % 50)) + (generator.next() % 4 == 0 ? 37 : 0), price: price, prevClose: prevClose,
                secondOfDay: 33_000 + Int(generator.next() % 22_000), asOf: asOf, isTradingDay: true,
                holdingTotal: sell ? total : nil, boughtToday: sell ? Int(generator.next() % UInt64(total + 1)) : nil)
        }
    }

    @inline(never)
    static func check(_ book: [OrderFacts], salt: Int) -> Int {
        var accepted = salt
        for order in book {
            if let reasons = try? OrderRules.check(order) { accepted &+= Int(reasons.rawValue) }
        }
        return accepted
    }

    @inline(never)
    static func baseline(_ book: [OrderFacts], salt: Int) -> Int {
        var sum = salt
        for order in book {
            sum = sum &* 31 &+ order.quantity &+ order.price &+ order.prevClose &+ order.secondOfDay &+ (order.holdingTotal ?? 0) &+ (order.boughtToday ?? 0)
        }
        return sum
    }
}

/// `switchboard rules`: the exchange and suitability rules.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Exchange and suitability rules (run them with `switchboard tool`).", subcommands: [RulesBenchmark.self])
}
