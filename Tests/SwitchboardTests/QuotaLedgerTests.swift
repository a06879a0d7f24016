import Config
import Foundation
import Pool
import Synchronization
import Testing

/// A clock a test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ date: Date) { current = Mutex(date) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

@Suite("Quota ledger: calendar windows, reservations, settlement, budgets")
struct QuotaLedgerTests {
    /// 2026-11-30 23:59:30 in Shanghai (UTC+8): thirty seconds before both a day and a month end there.
    static let nearMonthEnd = Date(timeIntervalSince1970: 1_796_054_370)

    static func ledger(at date: Date = nearMonthEnd) -> (QuotaLedger, ManualClock) {
        let clock = ManualClock(date)
        return (QuotaLedger(calendar: PoolCalendar(timeZone: "Asia/Shanghai"), clock: { clock.now }), clock)
    }

    static func claim(_ tenant: TenantConfig, key: String = "k1", new: Bool = true, tokens: Int = 0, cost: Decimal = 0) -> QuotaClaim {
        QuotaClaim(tenant: tenant, keyID: key, isNewRequest: new, tokens: tokens, cost: cost)
    }

    static func settlement(_ tenant: String, tokensIn: Int, tokensOut: Int, cost: Decimal = 0, backend: String = "gpu-a") -> QuotaSettlement {
        QuotaSettlement(
            tenant: tenant, keyID: "k1", scenario: "", model: "fin-chat",
            calls: [CallUsage(backend: backend, lender: "", tokensIn: tokensIn, tokensOut: tokensOut, cost: cost)], latencyMs: 5, failed: false)
    }

    @Test("the calendar names days and months in the pool's time zone")
    func calendarWindows() {
        let shanghai = PoolCalendar(timeZone: "Asia/Shanghai").windows(at: Self.nearMonthEnd)
        #expect(shanghai.day == "2026-11-30")
        #expect(shanghai.month == "2026-11")
        #expect(PoolCalendar.Windows.secondsLeft(until: shanghai.dayEnd, from: Self.nearMonthEnd) == 30)
        #expect(PoolCalendar.Windows.secondsLeft(until: shanghai.monthEnd, from: Self.nearMonthEnd) == 30)
        let utc = PoolCalendar(timeZone: "UTC").windows(at: Self.nearMonthEnd)
        #expect(utc.day == "2026-11-30")
        #expect(PoolCalendar.Windows.secondsLeft(until: utc.dayEnd, from: Self.nearMonthEnd) == 8 * 3600 + 30)
        #expect(PoolCalendar.days(ofMonth: "2028-02")! == ("2028-02-01", "2028-02-29"))
        #expect(PoolCalendar.days(ofMonth: "2026-13") == nil)
        #expect(PoolCalendar.days(ofMonth: "11-2026") == nil)
    }

    @Test("requests per minute: the next request is refused with the seconds left in the minute")
    func requestsPerMinute() throws {
        let (ledger, clock) = Self.ledger()
        let tenant = TenantConfig(name: "small-fund", requestsPerMinute: 2)
        _ = try ledger.reserve(Self.claim(tenant))
        _ = try ledger.reserve(Self.claim(tenant))
        #expect(throws: QuotaRefusal.self) { try ledger.reserve(Self.claim(tenant)) }
        do {
            _ = try ledger.reserve(Self.claim(tenant))
        } catch {
            #expect(error.quota == .requestsPerMinute)
            #expect(error.retryAfterSeconds == 30)
            #expect(error.message.contains("small-fund"))
        }
        // A tool-loop step is not a new request.
        _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 10))
        clock.advance(by: 31)
        _ = try ledger.reserve(Self.claim(tenant))
    }

    @Test("reservations count against the limit until settled, so concurrent requests cannot pass it together")
    func reservationsHoldTheLimit() throws {
        let (ledger, _) = Self.ledger()
        let tenant = TenantConfig(name: "t", tokensPerMinute: 1000)
        let first = try ledger.reserve(Self.claim(tenant, new: false, tokens: 600))
        #expect(throws: QuotaRefusal.self) { try ledger.reserve(Self.claim(tenant, new: false, tokens: 600)) }
        // Settled for less than reserved: the rest of the window is free again.
        ledger.settle([first], with: Self.settlement("t", tokensIn: 100, tokensOut: 100))
        #expect(ledger.status(of: "t").tokensThisMinute == 200)
        #expect(ledger.status(of: "t").reservedTokens == 0)
        _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 800))
        do {
            _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 1))
            Issue.record("a claim past the limit was admitted")
        } catch {
            #expect(error.quota == .tokensPerMinute)
            #expect(error.retryAfterSeconds == 30)
        }
    }

    @Test("a request larger than the quota itself is refused without a Retry-After")
    func requestLargerThanQuota() {
        let (ledger, _) = Self.ledger()
        let tenant = TenantConfig(name: "t", tokensPerDay: 500)
        do {
            _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 501))
            Issue.record("admitted")
        } catch {
            #expect(error.quota == .tokensPerDay)
            #expect(error.retryAfterSeconds == nil)
            #expect(error.message.contains("max_tokens"))
        }
    }

    @Test("day and month windows turn at midnight in the pool's zone, and a month keeps its days")
    func dayAndMonthWindows() throws {
        let (ledger, clock) = Self.ledger()
        let tenant = TenantConfig(name: "t", tokensPerDay: 1000, tokensPerMonth: 1500)
        let hold = try ledger.reserve(Self.claim(tenant, new: false, tokens: 900))
        ledger.settle([hold], with: Self.settlement("t", tokensIn: 500, tokensOut: 400))
        do {
            _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 200))
            Issue.record("admitted past the day")
        } catch {
            #expect(error.quota == .tokensPerDay)
            #expect(error.retryAfterSeconds == 30)
        }
        // A new day in a new month: both windows are fresh.
        clock.advance(by: 60)
        let next = try ledger.reserve(Self.claim(tenant, new: false, tokens: 900))
        ledger.settle([next], with: Self.settlement("t", tokensIn: 450, tokensOut: 450))
        // The next day, the day is fresh but the month remembers.
        clock.advance(by: 86_400)
        do {
            _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 700))
            Issue.record("admitted past the month")
        } catch {
            #expect(error.quota == .tokensPerMonth)
            #expect(error.message.contains("900"))
        }
        _ = try ledger.reserve(Self.claim(tenant, new: false, tokens: 600))
    }

    @Test("a key's concurrency is held until its request settles; other keys are free")
    func concurrencyPerKey() throws {
        let (ledger, _) = Self.ledger()
        let tenant = TenantConfig(name: "t", maxConcurrentPerKey: 1)
        let hold = try ledger.reserve(Self.claim(tenant, key: "k1"))
        do {
            _ = try ledger.reserve(Self.claim(tenant, key: "k1"))
            Issue.record("admitted")
        } catch {
            #expect(error.quota == .concurrentPerKey)
            #expect(error.retryAfterSeconds == 1)
        }
        _ = try ledger.reserve(Self.claim(tenant, key: "k2"))
        ledger.settle([hold], with: Self.settlement("t", tokensIn: 0, tokensOut: 0))
        _ = try ledger.reserve(Self.claim(tenant, key: "k1"))
    }

    @Test("budgets: reserved worst-case cost counts, a monthly budget renews, a prepaid one does not")
    func budgets() throws {
        let (ledger, clock) = Self.ledger()
        let monthly = TenantConfig(name: "m", budget: .monthly(Decimal(string: "1.00")!))
        let held = try ledger.reserve(Self.claim(monthly, new: false, tokens: 10, cost: Decimal(string: "0.60")!))
        do {
            _ = try ledger.reserve(Self.claim(monthly, new: false, tokens: 10, cost: Decimal(string: "0.50")!))
            Issue.record("admitted")
        } catch {
            #expect(error.quota == .monthlyBudget)
            #expect(error.retryAfterSeconds == 30)
        }
        ledger.settle([held], with: Self.settlement("m", tokensIn: 5, tokensOut: 5, cost: Decimal(string: "0.95")!))
        #expect(ledger.status(of: "m").costThisMonth == Decimal(string: "0.95")!)
        #expect(throws: QuotaRefusal.self) { try ledger.reserve(Self.claim(monthly, new: false, tokens: 1, cost: Decimal(string: "0.06")!)) }
        // A free call spends no budget.
        _ = try ledger.reserve(Self.claim(monthly, new: false, tokens: 1, cost: 0))
        let prepaid = TenantConfig(name: "p", budget: .prepaid(Decimal(string: "0.50")!))
        let spent = try ledger.reserve(Self.claim(prepaid, new: false, tokens: 1, cost: Decimal(string: "0.50")!))
        ledger.settle([spent], with: Self.settlement("p", tokensIn: 1, tokensOut: 0, cost: Decimal(string: "0.50")!))
        clock.advance(by: 60)
        _ = try ledger.reserve(Self.claim(monthly, new: false, tokens: 1, cost: Decimal(string: "0.90")!))
        do {
            _ = try ledger.reserve(Self.claim(prepaid, new: false, tokens: 1, cost: Decimal(string: "0.01")!))
            Issue.record("admitted")
        } catch {
            #expect(error.quota == .prepaidBudget)
            #expect(error.retryAfterSeconds == nil)
        }
    }

    @Test("a suspended tenant is refused; stored totals start the windows after a restart")
    func suspensionAndLoadedTotals() throws {
        let (ledger, _) = Self.ledger()
        #expect(throws: QuotaRefusal.self) { try ledger.reserve(Self.claim(TenantConfig(name: "s", suspended: true))) }
        ledger.load(["t": UsageTotals(tokensToday: 900, tokensThisMonth: 1400, costThisMonth: 2, costTotal: 7)])
        let status = ledger.status(of: "t")
        #expect(status.tokensToday == 900)
        #expect(status.costTotal == 7)
        #expect(throws: QuotaRefusal.self) { try ledger.reserve(Self.claim(TenantConfig(name: "t", tokensPerDay: 1000), new: false, tokens: 101)) }
    }

    @Test("settled usage collects as rows by day, key, scenario, alias, backend and lender")
    func usageRows() throws {
        let (ledger, _) = Self.ledger()
        let tenant = TenantConfig(name: "t")
        for _ in 0..<3 {
            let hold = try ledger.reserve(Self.claim(tenant))
            var settlement = Self.settlement("t", tokensIn: 10, tokensOut: 5, cost: Decimal(string: "0.001")!)
            settlement.calls.append(CallUsage(backend: "gpu-b", lender: "big-broker", tokensIn: 20, tokensOut: 1, cost: 0))
            ledger.settle([hold], with: settlement)
        }
        let rows = ledger.takePendingUsage()
        #expect(rows.count == 2)
        let lent = try #require(rows.first { $0.backend == "gpu-b" })
        #expect(lent.lender == "big-broker")
        #expect(lent.requests == 3)
        #expect(lent.tokensIn == 60)
        let own = try #require(rows.first { $0.backend == "gpu-a" })
        #expect(own.requests == 0)
        #expect(own.cost == Decimal(string: "0.003")!)
        #expect(own.day == "2026-11-30")
        #expect(ledger.takePendingUsage().isEmpty)
        ledger.restorePendingUsage(rows)
        #expect(ledger.takePendingUsage() == rows)
    }

    @Test("the token estimate errs high on Chinese and ASCII text")
    func tokenEstimate() {
        #expect(TokenEstimate.tokens(utf8: "贵州茅台".utf8) == 4)
        #expect(TokenEstimate.tokens(utf8: "hello world!".utf8) == 4)
        #expect(TokenEstimate.tokens(utf8: "".utf8) == 0)
    }
}
