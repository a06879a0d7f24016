import Config
import Foundation
import Synchronization

/// What a request (or one model call of it) asks the ledger for.
public struct QuotaClaim: Sendable {
    /// The tenant's policy.
    public var tenant: TenantConfig
    /// The API key's id.
    public var keyID: String
    /// Whether this is a new request (counted against `requests_per_minute` and held against
    /// `max_concurrent_per_key` until settled) rather than another model call of one admitted.
    public var isNewRequest: Bool
    /// Estimated tokens.
    public var tokens: Int
    /// Estimated cost.
    public var cost: Decimal

    /// Creates a claim.
    public init(tenant: TenantConfig, keyID: String, isNewRequest: Bool, tokens: Int, cost: Decimal) {
        self.tenant = tenant
        self.keyID = keyID
        self.isNewRequest = isNewRequest
        self.tokens = tokens
        self.cost = cost
    }
}

/// What the ledger set aside for an admitted claim, until the claim is settled.
public struct QuotaHold: Sendable, Equatable {
    /// The tenant.
    public var tenant: String
    /// The API key's id.
    public var keyID: String
    /// Whether the hold counts against the key's concurrency.
    public var holdsConcurrency: Bool
    /// Tokens set aside.
    public var tokens: Int
    /// Cost set aside.
    public var cost: Decimal
    /// What the hold added to shared counters (reservations to release when it settles).
    public var reservedCounters: [String: Decimal] = [:]
}

/// One model call's actual usage, as settled.
public struct CallUsage: Sendable, Equatable {
    /// The backend that served it.
    public var backend: String
    /// The member that lent the backend (empty when nobody did).
    public var lender: String
    /// Prompt tokens.
    public var tokensIn: Int
    /// Completion tokens.
    public var tokensOut: Int
    /// What they cost.
    public var cost: Decimal

    /// Creates a call's usage.
    public init(backend: String, lender: String, tokensIn: Int, tokensOut: Int, cost: Decimal) {
        self.backend = backend
        self.lender = lender
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.cost = cost
    }
}

/// What one request used in the end: its holds are released and this is charged instead.
public struct QuotaSettlement: Sendable {
    /// The tenant.
    public var tenant: String
    /// The API key's id.
    public var keyID: String
    /// The scenario (empty for none).
    public var scenario: String
    /// The model alias (empty for none).
    public var model: String
    /// Its model calls, in order.
    public var calls: [CallUsage]
    /// Whether it counts as a request in usage (false for a settlement of a hold alone).
    public var countsAsRequest: Bool
    /// How long it took, in milliseconds.
    public var latencyMs: Int64
    /// Whether it ended in an error.
    public var failed: Bool

    /// Creates a settlement.
    public init(tenant: String, keyID: String, scenario: String, model: String, calls: [CallUsage], countsAsRequest: Bool = true, latencyMs: Int64, failed: Bool) {
        self.tenant = tenant
        self.keyID = keyID
        self.scenario = scenario
        self.model = model
        self.calls = calls
        self.countsAsRequest = countsAsRequest
        self.latencyMs = latencyMs
        self.failed = failed
    }
}

/// A tenant's standing in the ledger: what it used in each window and what is set aside now.
public struct TenantQuotaStatus: Sendable, Equatable {
    /// Requests this minute.
    public var requestsThisMinute: Int
    /// Tokens this minute.
    public var tokensThisMinute: Int
    /// Tokens today.
    public var tokensToday: Int
    /// Tokens this month.
    public var tokensThisMonth: Int
    /// Cost this month.
    public var costThisMonth: Decimal
    /// Cost ever.
    public var costTotal: Decimal
    /// Tokens reserved by calls in flight.
    public var reservedTokens: Int
    /// Cost reserved by calls in flight.
    public var reservedCost: Decimal
    /// Requests in flight.
    public var inFlight: Int
}

/// Counts each tenant's requests, tokens and spend in calendar windows, and admits a request
/// only when what it may use fits every quota that applies.
///
/// A claim reserves its estimate; settling releases the reservation and charges what was used,
/// in the windows current when it settles. Reservations count against every window, so
/// concurrent requests cannot together pass a limit on their estimates; a request that uses
/// more than it estimated can pass a limit by the difference (see the README's quota bounds).
/// Settled usage also collects as rows for the store, taken with ``takePendingUsage()``.
public final class QuotaLedger: Sendable {
    private struct Standing {
        var minute: Int64 = .min
        var minuteRequests = 0
        var minuteTokens = 0
        var day = ""
        var dayTokens = 0
        var month = ""
        var monthTokens = 0
        var monthCost: Decimal = 0
        var costTotal: Decimal = 0
        var reservedTokens = 0
        var reservedCost: Decimal = 0
        var inFlight = 0
        var inFlightByKey: [String: Int] = [:]

        /// Starts whichever windows ended before `windows`.
        mutating func roll(to windows: PoolCalendar.Windows) {
            if minute != windows.minute {
                minute = windows.minute
                minuteRequests = 0
                minuteTokens = 0
            }
            if day != windows.day {
                day = windows.day
                dayTokens = 0
            }
            if month != windows.month {
                month = windows.month
                monthTokens = 0
                monthCost = 0
            }
        }
    }

    private struct State {
        var standings: [String: Standing] = [:]
        var windows: PoolCalendar.Windows?
        var pending: [[String]: UsageRow] = [:]

        /// Runs `body` on `tenant`'s standing, rolled to `windows`, in place: taken out of the
        /// table while it changes, so that its per-key table is not copied on every request.
        mutating func withStanding<T, E: Error>(_ tenant: String, at windows: PoolCalendar.Windows, _ body: (inout Standing) throws(E) -> T) throws(E) -> T {
            var standing = standings.removeValue(forKey: tenant) ?? Standing()
            defer { standings[tenant] = standing }
            standing.roll(to: windows)
            return try body(&standing)
        }

        /// Adds rows to the pending rows with the same key.
        mutating func addPending(_ rows: [UsageRow]) {
            for row in rows {
                // The key (seven strings) is made and hashed once per row.
                let key = row.key
                if let index = pending.index(forKey: key) {
                    pending.values[index].add(row)
                } else {
                    pending[key] = row
                }
            }
        }
    }

    private let calendar: PoolCalendar
    private let clock: @Sendable () -> Date
    private let state = Mutex(State())

    /// A ledger counting in `calendar`'s windows, reading the time from `clock`.
    public init(calendar: PoolCalendar, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.calendar = calendar
        self.clock = clock
    }

    /// Starts each tenant's day, month and lifetime from stored totals (taken for the windows
    /// current now).
    public func load(_ totals: [String: UsageTotals]) {
        let now = clock()
        state.withLock { state in
            let windows = Self.windows(at: now, calendar: calendar, cache: &state.windows)
            for (tenant, total) in totals {
                state.withStanding(tenant, at: windows) { standing in
                    standing.dayTokens = total.tokensToday
                    standing.monthTokens = total.tokensThisMonth
                    standing.monthCost = total.costThisMonth
                    standing.costTotal = total.costTotal
                }
            }
        }
    }

    /// Reserves `claim` if it fits every quota of its tenant; otherwise names the first it
    /// would overrun.
    public func reserve(_ claim: QuotaClaim) throws(QuotaRefusal) -> QuotaHold {
        let now = clock()
        let policy = claim.tenant
        if policy.suspended {
            throw QuotaRefusal(quota: .suspended, tenant: policy.name, message: "The tenant '\(policy.name)' is suspended; an operator can resume it.", retryAfterSeconds: nil)
        }
        return try state.withLock { state throws(QuotaRefusal) -> QuotaHold in
            let windows = Self.windows(at: now, calendar: calendar, cache: &state.windows)
            try state.withStanding(policy.name, at: windows) { (standing: inout Standing) throws(QuotaRefusal) in
                try Self.check(claim, against: standing, windows: windows, now: now)
                if claim.isNewRequest {
                    standing.minuteRequests += 1
                    standing.inFlight += 1
                    standing.inFlightByKey[claim.keyID, default: 0] += 1
                }
                standing.reservedTokens += claim.tokens
                standing.reservedCost += claim.cost
            }
            return QuotaHold(tenant: policy.name, keyID: claim.keyID, holdsConcurrency: claim.isNewRequest, tokens: claim.tokens, cost: claim.cost)
        }
    }

    /// Releases `holds` and charges what the request used.
    public func settle(_ holds: [QuotaHold], with settlement: QuotaSettlement) {
        let now = clock()
        state.withLock { state in
            let windows = Self.windows(at: now, calendar: calendar, cache: &state.windows)
            let tokens = settlement.calls.reduce(0) { $0 + $1.tokensIn + $1.tokensOut }
            let cost = settlement.calls.reduce(Decimal(0)) { $0 + $1.cost }
            state.withStanding(settlement.tenant, at: windows) { standing in
                for hold in holds where hold.tenant == settlement.tenant {
                    standing.reservedTokens = max(0, standing.reservedTokens - hold.tokens)
                    standing.reservedCost = max(0, standing.reservedCost - hold.cost)
                    if hold.holdsConcurrency {
                        standing.inFlight = max(0, standing.inFlight - 1)
                        let left = (standing.inFlightByKey[hold.keyID] ?? 1) - 1
                        standing.inFlightByKey[hold.keyID] = left > 0 ? left : nil
                    }
                }
                standing.minuteTokens += tokens
                standing.dayTokens += tokens
                standing.monthTokens += tokens
                standing.monthCost += cost
                standing.costTotal += cost
            }
            state.addPending(Self.rows(of: settlement, day: windows.day))
        }
    }

    /// The usage settled since the last call, as rows summed by key.
    public func takePendingUsage() -> [UsageRow] {
        state.withLock { state in
            defer { state.pending = [:] }
            return state.pending.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        }
    }

    /// Puts rows back that could not be stored, so the next write carries them.
    public func restorePendingUsage(_ rows: [UsageRow]) {
        state.withLock { state in
            state.addPending(rows)
        }
    }

    /// Where `tenant` stands now.
    public func status(of tenant: String) -> TenantQuotaStatus {
        let now = clock()
        return state.withLock { state in
            let windows = Self.windows(at: now, calendar: calendar, cache: &state.windows)
            var standing = state.standings[tenant] ?? Standing()
            standing.roll(to: windows)
            return TenantQuotaStatus(
                requestsThisMinute: standing.minuteRequests, tokensThisMinute: standing.minuteTokens, tokensToday: standing.dayTokens,
                tokensThisMonth: standing.monthTokens, costThisMonth: standing.monthCost, costTotal: standing.costTotal,
                reservedTokens: standing.reservedTokens, reservedCost: standing.reservedCost, inFlight: standing.inFlight)
        }
    }

    /// The windows of `now`, computed once a minute.
    private static func windows(at now: Date, calendar: PoolCalendar, cache: inout PoolCalendar.Windows?) -> PoolCalendar.Windows {
        let minute = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        if let cached = cache, cached.minute == minute { return cached }
        let windows = calendar.windows(at: now)
        cache = windows
        return windows
    }

    private static func check(_ claim: QuotaClaim, against standing: Standing, windows: PoolCalendar.Windows, now: Date) throws(QuotaRefusal) {
        let policy = claim.tenant
        let tenant = policy.name
        if claim.isNewRequest, let limit = policy.maxConcurrentPerKey, (standing.inFlightByKey[claim.keyID] ?? 0) >= limit {
            throw QuotaRefusal(
                quota: .concurrentPerKey, tenant: tenant,
                message: "This key already has \(limit) requests in flight, the most the tenant '\(tenant)' allows (max_concurrent_per_key); wait for one to finish.",
                retryAfterSeconds: 1)
        }
        if claim.isNewRequest, let limit = policy.requestsPerMinute, standing.minuteRequests >= limit {
            throw QuotaRefusal(
                quota: .requestsPerMinute, tenant: tenant,
                message: "The tenant '\(tenant)' has made its \(limit) requests this minute (requests_per_minute); retry when the minute turns.",
                retryAfterSeconds: PoolCalendar.Windows.secondsLeft(until: windows.minuteEnd, from: now))
        }
        let windowChecks: [(Quota, Int?, Int, Double)] = [
            (.tokensPerMinute, policy.tokensPerMinute, standing.minuteTokens, windows.minuteEnd),
            (.tokensPerDay, policy.tokensPerDay, standing.dayTokens, windows.dayEnd),
            (.tokensPerMonth, policy.tokensPerMonth, standing.monthTokens, windows.monthEnd),
        ]
        for (quota, limit, used, end) in windowChecks {
            guard let limit, used + standing.reservedTokens + claim.tokens > limit else { continue }
            if claim.tokens > limit {
                throw QuotaRefusal.beyondLimit(quota, tenant: tenant, amount: "\(claim.tokens) tokens", limit: "\(limit)")
            }
            throw QuotaRefusal(
                quota: quota, tenant: tenant,
                message: "The tenant '\(tenant)' has used \(used) of its \(limit) tokens (\(quota.rawValue)), with \(standing.reservedTokens) reserved by requests in flight, and this request may use about \(claim.tokens); retry when the window turns.",
                retryAfterSeconds: PoolCalendar.Windows.secondsLeft(until: end, from: now))
        }
        // A call that costs nothing (a backend without a price) spends no budget.
        guard let budget = policy.budget, claim.cost > 0 else { return }
        let (quota, spent): (Quota, Decimal) =
            switch budget {
            case .monthly: (.monthlyBudget, standing.monthCost)
            case .prepaid: (.prepaidBudget, standing.costTotal)
            }
        guard spent + standing.reservedCost + claim.cost > budget.amount else { return }
        let retry: Int? =
            switch budget {
            case .monthly: PoolCalendar.Windows.secondsLeft(until: windows.monthEnd, from: now)
            case .prepaid: nil
            }
        let next = retry == nil ? "top up the prepaid budget" : "retry next month or raise the monthly budget"
        throw QuotaRefusal(
            quota: quota, tenant: tenant,
            message: "The tenant '\(tenant)' has spent \(spent) of its budget of \(budget.amount) (\(quota.rawValue)), with \(standing.reservedCost) reserved by requests in flight, and this request may cost up to \(claim.cost); \(next).",
            retryAfterSeconds: retry)
    }

    /// The usage rows of a settlement: one per model call; the request itself (count, latency,
    /// error) goes on its last call's row, or on a row of its own when no model was called.
    private static func rows(of settlement: QuotaSettlement, day: String) -> [UsageRow] {
        func row(_ backend: String, _ lender: String) -> UsageRow {
            UsageRow(day: day, tenant: settlement.tenant, keyID: settlement.keyID, scenario: settlement.scenario, model: settlement.model, backend: backend, lender: lender)
        }
        var rows = settlement.calls.map { call in
            var usage = row(call.backend, call.lender)
            usage.tokensIn = call.tokensIn
            usage.tokensOut = call.tokensOut
            usage.cost = call.cost
            return usage
        }
        if rows.isEmpty {
            guard settlement.countsAsRequest else { return [] }
            rows.append(row("", ""))
        }
        if settlement.countsAsRequest {
            rows[rows.count - 1].requests = 1
            rows[rows.count - 1].latencyMs = settlement.latencyMs
            rows[rows.count - 1].errors = settlement.failed ? 1 : 0
        }
        return rows
    }
}
