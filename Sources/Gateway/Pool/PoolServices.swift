import Config
import Foundation
import Pool
import Wire

/// The shared pool's run-time parts the pipeline uses: the tenants' policies, the quota
/// ledger, the price table, and how requests are estimated and settled.
public struct PoolServices: Sendable {
    /// The tenants' policies, as changed at run time.
    public let tenants: TenantDirectory
    /// Each tenant's use in its quota windows, as this instance counts it, and the usage rows
    /// it has yet to store.
    public let ledger: QuotaLedger
    /// Where quotas are decided: ``ledger`` alone, or counters shared by every instance.
    public let quota: any QuotaGate
    /// What backends charge.
    public let prices: PriceTable
    /// The pool's settings.
    public let settings: PoolConfig
    /// The calendar its quota windows are counted in (the pool's time zone).
    public let calendar: PoolCalendar
    private let backends: [String: BackendConfig]

    /// The pool of `config`, reading the time from `clock`; with `sharedCounters` (a database
    /// several instances share) quotas are decided in them.
    public init(config: SwitchboardConfig, sharedCounters: (any QuotaCounterStorage)? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        tenants = TenantDirectory(tenants: config.tenants)
        let calendar = PoolCalendar(timeZone: config.pool.timeZone)
        self.calendar = calendar
        let ledger = QuotaLedger(calendar: calendar, clock: clock)
        self.ledger = ledger
        quota = sharedCounters.map { SharedQuotaLedger(local: ledger, counters: $0, calendar: calendar, clock: clock) } ?? ledger
        prices = PriceTable(prices: config.prices)
        settings = config.pool
        backends = Dictionary(config.backends.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Admits a new request of `caller`'s (a model call or an MCP tool call): counts it against
    /// the tenant's requests per minute and the key's concurrency until it is settled.
    public func admit(_ caller: Caller, policy: TenantConfig) async throws(APIError) -> QuotaHold {
        do {
            return try await quota.reserve(QuotaClaim(tenant: policy, keyID: caller.keyID, isNewRequest: true, tokens: 0, cost: 0))
        } catch {
            throw Self.error(for: error)
        }
    }

    /// Settles a request that called no model (an MCP tool call) admitted with `hold`.
    public func settle(_ hold: QuotaHold, caller: Caller, latency: Duration, failed: Bool) async {
        await quota.settle([hold], with: QuotaSettlement(
            tenant: caller.tenant, keyID: caller.keyID, scenario: "", model: "", calls: [], latencyMs: latency.wholeMicroseconds / 1000, failed: failed))
    }

    /// What one model call of `exchange` is estimated to use: its body's tokens, and the
    /// request's `max_tokens` (else the configured default) for a chat completion.
    public func estimate(_ exchange: Exchange) -> TokenEstimate.Call {
        let prompt = exchange.body.withUnsafeReadableBytes { TokenEstimate.tokens(utf8: $0) }
        let completion = exchange.operation == .embeddings ? 0 : exchange.request?.maxTokens ?? settings.defaultMaxTokens
        return TokenEstimate.Call(promptTokens: prompt, completionTokens: completion)
    }

    /// The most `estimate` can cost on any target of `model`.
    public func highestCost(of estimate: TokenEstimate.Call, on model: ModelConfig) -> Decimal {
        guard !prices.isEmpty else { return 0 }
        let targets = model.targets.map { target in
            (backend: target.backend, model: target.model ?? backends[target.backend]?.model ?? model.alias)
        }
        return prices.highestCost(of: targets, promptTokens: estimate.promptTokens, completionTokens: estimate.completionTokens)
    }

    /// Releases the exchange's holds and charges what it used; returns what its calls cost
    /// (nothing when it held no quota, so made no model call).
    @discardableResult
    public func settle(_ exchange: Exchange) async -> Decimal {
        guard let caller = exchange.caller, !exchange.quotaHolds.isEmpty else { return 0 }
        let finished = exchange.finishedAt ?? .now
        let calls = charges(of: exchange)
        let settlement = QuotaSettlement(
            tenant: caller.tenant, keyID: caller.keyID, scenario: exchange.scenario?.config.name ?? "",
            // The alias it resolved to: a name the app made up (404) must not make a usage row of its own.
            model: exchange.model?.alias ?? "",
            calls: calls, latencyMs: (finished - exchange.startedAt).wholeMicroseconds / 1000, failed: exchange.status >= 400)
        await quota.settle(exchange.quotaHolds, with: settlement)
        return calls.reduce(0) { $0 + $1.cost }
    }

    /// What each model call of `exchange` used and cost, by the price table.
    private func charges(of exchange: Exchange) -> [CallUsage] {
        var used = exchange.modelCalls
        // A call whose answer ended unread (the app went away mid-stream) is charged its estimate.
        if used.count < exchange.dispatchedCalls, let servedBy = exchange.servedBy, let estimate = exchange.lastEstimate {
            let unread = ModelCallUsage(
                backend: servedBy.name, upstreamModel: servedBy.upstreamModel, promptTokens: estimate.promptTokens,
                completionTokens: estimate.completionTokens, isEstimate: true)
            used += Array(repeating: unread, count: exchange.dispatchedCalls - used.count)
        }
        return used.map { call in
            CallUsage(
                backend: call.backend, lender: backends[call.backend]?.lentBy ?? "", tokensIn: call.promptTokens, tokensOut: call.completionTokens,
                cost: prices.cost(backend: call.backend, model: call.upstreamModel, promptTokens: call.promptTokens, completionTokens: call.completionTokens))
        }
    }

    /// The error an app gets for a refusal: 403 for a suspended tenant, else 429 naming the
    /// quota, with `Retry-After` when waiting helps.
    public static func error(for refusal: QuotaRefusal) -> APIError {
        if refusal.quota == .suspended {
            return APIError(status: 403, type: "permission_error", code: "tenant_suspended", message: refusal.message)
        }
        if refusal.quota == .unavailable {
            return APIError(status: 503, type: "api_error", code: "store_unavailable", message: refusal.message, retryAfterSeconds: refusal.retryAfterSeconds)
        }
        return APIError(
            status: 429, type: "rate_limit_error", code: "quota_exceeded", message: refusal.message, param: refusal.quota.rawValue,
            retryAfterSeconds: refusal.retryAfterSeconds)
    }
}
