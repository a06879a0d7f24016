import Foundation

/// One shared counter a claim adds to, and the limit the counter must stay within.
public struct QuotaCounterStep: Sendable, Equatable {
    /// The counter's name within its tenant, such as `tokens:day:2026-12-02`.
    public var key: String
    /// What the claim adds: requests, tokens or money.
    public var amount: Decimal
    /// The most the counter may reach.
    public var limit: Decimal
    /// The quota the counter enforces.
    public var quota: Quota
    /// When the counter's window ends (seconds since the Unix epoch), for `Retry-After`; nil
    /// when it never does (a prepaid budget).
    public var windowEnd: Double?

    /// Creates a step.
    public init(key: String, amount: Decimal, limit: Decimal, quota: Quota, windowEnd: Double?) {
        self.key = key
        self.amount = amount
        self.limit = limit
        self.quota = quota
        self.windowEnd = windowEnd
    }
}

/// A counter that would pass its limit, and where it stood.
public struct QuotaCounterOverrun: Sendable, Equatable {
    /// The step that would pass its limit.
    public var index: Int
    /// The counter's value before the claim.
    public var value: Decimal

    /// Creates an overrun.
    public init(index: Int, value: Decimal) {
        self.index = index
        self.value = value
    }
}

/// Counters every instance shares, changed atomically.
public protocol QuotaCounterStorage: Sendable {
    /// Adds every step's amount to the tenant's counters if each stays within its limit, all or
    /// nothing; otherwise changes nothing and names the first step that would pass its limit.
    func addQuotaCounters(tenant: String, _ steps: [QuotaCounterStep]) async throws(UsageStorageError) -> QuotaCounterOverrun?
    /// Adds amounts (negative ones release reservations) without any limit.
    func adjustQuotaCounters(tenant: String, _ amounts: [String: Decimal]) async throws(UsageStorageError)
    /// The tenant's counters named by `keys` (zero for those never written).
    func quotaCounters(tenant: String, keys: [String]) async throws(UsageStorageError) -> [String: Decimal]
}
