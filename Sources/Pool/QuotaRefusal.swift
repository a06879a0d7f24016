/// A quota a request would overrun.
public enum Quota: String, Sendable, Equatable, CaseIterable {
    /// The tenant is suspended.
    case suspended
    /// `max_concurrent_per_key`.
    case concurrentPerKey = "max_concurrent_per_key"
    /// `requests_per_minute`.
    case requestsPerMinute = "requests_per_minute"
    /// `tokens_per_minute`.
    case tokensPerMinute = "tokens_per_minute"
    /// `tokens_per_day`.
    case tokensPerDay = "tokens_per_day"
    /// `tokens_per_month`.
    case tokensPerMonth = "tokens_per_month"
    /// `budget.monthly`.
    case monthlyBudget = "budget.monthly"
    /// `budget.prepaid`.
    case prepaidBudget = "budget.prepaid"
    /// The shared counters could not be read: no quota can be checked, so nothing is admitted.
    case unavailable
}

/// Why the ledger would not admit a request: which quota, and when it may pass.
public struct QuotaRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The quota it would overrun.
    public var quota: Quota
    /// The tenant.
    public var tenant: String
    /// What went wrong and what to do.
    public var message: String
    /// Seconds until the window resets; nil when waiting cannot help (a suspension, a prepaid
    /// budget spent, a request larger than the quota itself).
    public var retryAfterSeconds: Int?

    /// Creates a refusal.
    public init(quota: Quota, tenant: String, message: String, retryAfterSeconds: Int?) {
        self.quota = quota
        self.tenant = tenant
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { message }

    /// The refusal of a request that asks more than `quota` allows in all: waiting cannot help.
    static func beyondLimit(_ quota: Quota, tenant: String, amount: String, limit: String) -> QuotaRefusal {
        QuotaRefusal(
            quota: quota, tenant: tenant,
            message: "This request may use about \(amount), more than the tenant '\(tenant)' may use in all (\(quota.rawValue): \(limit)); send a shorter prompt or a lower max_tokens.",
            retryAfterSeconds: nil)
    }
}
