import Config
import Foundation

/// Quotas that hold across every instance sharing one database: requests, tokens and money are
/// counted in shared counters changed atomically (``QuotaCounterStorage``), so the limit is the
/// limit however many instances serve the tenant. A key's concurrency is still counted by each
/// instance (``QuotaLedger``), which also collects the usage rows.
///
/// A claim adds its estimate to every counter that applies, all or nothing, and only when each
/// stays within its limit; settling takes the reservations back out and adds what was used.
/// When the counters cannot be reached nothing is admitted.
public final class SharedQuotaLedger: QuotaGate {
    private let local: QuotaLedger
    private let counters: any QuotaCounterStorage
    private let calendar: PoolCalendar
    private let clock: @Sendable () -> Date

    /// A ledger over `counters`, counting concurrency and usage rows in `local`.
    public init(local: QuotaLedger, counters: any QuotaCounterStorage, calendar: PoolCalendar, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.local = local
        self.counters = counters
        self.calendar = calendar
        self.clock = clock
    }

    public func reserve(_ claim: QuotaClaim) async throws(QuotaRefusal) -> QuotaHold {
        let policy = claim.tenant
        // This instance's part: a suspension and the key's concurrency.
        var localPolicy = TenantConfig(name: policy.name, maxConcurrentPerKey: policy.maxConcurrentPerKey, suspended: policy.suspended)
        localPolicy.share = policy.share
        var hold = try local.reserve(QuotaClaim(tenant: localPolicy, keyID: claim.keyID, isNewRequest: claim.isNewRequest, tokens: claim.tokens, cost: claim.cost))
        let now = clock()
        let steps = Self.steps(for: claim, windows: calendar.windows(at: now))
        guard !steps.isEmpty else { return hold }
        let overrun: QuotaCounterOverrun?
        do {
            overrun = try await counters.addQuotaCounters(tenant: policy.name, steps)
        } catch {
            local.settle([hold], with: Self.nothingUsed(hold))
            throw QuotaRefusal(
                quota: .unavailable, tenant: policy.name,
                message: "The tenant's quotas are kept in the shared store, which cannot be reached, so the request was not admitted: \(error.message)",
                retryAfterSeconds: 1)
        }
        if let overrun {
            local.settle([hold], with: Self.nothingUsed(hold))
            throw Self.refusal(steps[overrun.index], value: overrun.value, claim: claim, now: now)
        }
        // Requests are counted for good; tokens and money are reservations, released on settling.
        for step in steps where step.quota != .requestsPerMinute { hold.reservedCounters[step.key, default: 0] += step.amount }
        return hold
    }

    public func settle(_ holds: [QuotaHold], with settlement: QuotaSettlement) async {
        local.settle(holds, with: settlement)
        var amounts: [String: Decimal] = [:]
        for hold in holds {
            for (key, amount) in hold.reservedCounters { amounts[key, default: 0] -= amount }
        }
        let windows = calendar.windows(at: clock())
        let tokens = Decimal(settlement.calls.reduce(0) { $0 + $1.tokensIn + $1.tokensOut })
        let cost = settlement.calls.reduce(Decimal(0)) { $0 + $1.cost }
        if tokens > 0 {
            for key in [Self.key("tokens:minute", windows.minute), "tokens:day:\(windows.day)", "tokens:month:\(windows.month)"] { amounts[key, default: 0] += tokens }
        }
        if cost > 0 {
            amounts["cost:month:\(windows.month)", default: 0] += cost
            amounts["cost:total", default: 0] += cost
        }
        amounts = amounts.filter { $0.value != 0 }
        guard !amounts.isEmpty else { return }
        // The answer does not wait on the bookkeeping: the adjustment goes on behind it, and is
        // retried while the store is away. One lost for good leaves a reservation counted (erring
        // toward refusal), never usage uncounted.
        let (counters, tenant) = (self.counters, settlement.tenant)
        Task {
            for attempt in 0..<8 {
                do {
                    try await counters.adjustQuotaCounters(tenant: tenant, amounts)
                    return
                } catch {
                    try? await Task.sleep(for: .milliseconds(250 << attempt))
                }
            }
        }
    }

    public func status(of tenant: String) async -> TenantQuotaStatus {
        var status = local.status(of: tenant)
        let windows = calendar.windows(at: clock())
        let keys = [
            Self.key("requests:minute", windows.minute), Self.key("tokens:minute", windows.minute), "tokens:day:\(windows.day)", "tokens:month:\(windows.month)",
            "cost:month:\(windows.month)", "cost:total",
        ]
        guard let values = try? await counters.quotaCounters(tenant: tenant, keys: keys) else { return status }
        func int(_ key: String) -> Int { NSDecimalNumber(decimal: values[key] ?? 0).intValue }
        status.requestsThisMinute = int(keys[0])
        status.tokensThisMinute = int(keys[1])
        status.tokensToday = int(keys[2])
        status.tokensThisMonth = int(keys[3])
        status.costThisMonth = values[keys[4]] ?? 0
        status.costTotal = values[keys[5]] ?? 0
        return status
    }

    /// The counters `claim` adds to in `windows`, each with its tenant's limit.
    static func steps(for claim: QuotaClaim, windows: PoolCalendar.Windows) -> [QuotaCounterStep] {
        let policy = claim.tenant
        var steps: [QuotaCounterStep] = []
        if claim.isNewRequest, let limit = policy.requestsPerMinute {
            steps.append(QuotaCounterStep(key: key("requests:minute", windows.minute), amount: 1, limit: Decimal(limit), quota: .requestsPerMinute, windowEnd: windows.minuteEnd))
        }
        if claim.tokens > 0 {
            let tokens = Decimal(claim.tokens)
            if let limit = policy.tokensPerMinute {
                steps.append(QuotaCounterStep(key: key("tokens:minute", windows.minute), amount: tokens, limit: Decimal(limit), quota: .tokensPerMinute, windowEnd: windows.minuteEnd))
            }
            if let limit = policy.tokensPerDay {
                steps.append(QuotaCounterStep(key: "tokens:day:\(windows.day)", amount: tokens, limit: Decimal(limit), quota: .tokensPerDay, windowEnd: windows.dayEnd))
            }
            if let limit = policy.tokensPerMonth {
                steps.append(QuotaCounterStep(key: "tokens:month:\(windows.month)", amount: tokens, limit: Decimal(limit), quota: .tokensPerMonth, windowEnd: windows.monthEnd))
            }
        }
        if claim.cost > 0, let budget = policy.budget {
            switch budget {
            case .monthly(let amount):
                steps.append(QuotaCounterStep(key: "cost:month:\(windows.month)", amount: claim.cost, limit: amount, quota: .monthlyBudget, windowEnd: windows.monthEnd))
            case .prepaid(let amount):
                steps.append(QuotaCounterStep(key: "cost:total", amount: claim.cost, limit: amount, quota: .prepaidBudget, windowEnd: nil))
            }
        }
        return steps
    }

    /// A minute's counter name, the minute padded so that names sort by time.
    static func key(_ prefix: String, _ minute: Int64) -> String {
        let digits = String(minute)
        return prefix + ":" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    private static func refusal(_ step: QuotaCounterStep, value: Decimal, claim: QuotaClaim, now: Date) -> QuotaRefusal {
        let tenant = claim.tenant.name
        let retry = step.windowEnd.map { PoolCalendar.Windows.secondsLeft(until: $0, from: now) }
        if step.amount > step.limit {
            return QuotaRefusal.beyondLimit(step.quota, tenant: tenant, amount: "\(step.amount)", limit: "\(step.limit)")
        }
        let next = retry == nil ? "top up the prepaid budget" : "retry when the window turns"
        return QuotaRefusal(
            quota: step.quota, tenant: tenant,
            message: "The tenant '\(tenant)' has used \(value) of its \(step.limit) (\(step.quota.rawValue)) over every instance, counting requests in flight, and this request may use \(step.amount); \(next).",
            retryAfterSeconds: retry)
    }

    private static func nothingUsed(_ hold: QuotaHold) -> QuotaSettlement {
        QuotaSettlement(tenant: hold.tenant, keyID: hold.keyID, scenario: "", model: "", calls: [], countsAsRequest: false, latencyMs: 0, failed: false)
    }
}
