import Foundation

/// A tenant's money budget: a prepaid amount spent over the tenant's life, or an amount per
/// calendar month (in the pool's time zone).
public enum TenantBudget: Sendable, Equatable {
    /// This much in all, never renewed.
    case prepaid(Decimal)
    /// This much per calendar month.
    case monthly(Decimal)

    /// The amount.
    public var amount: Decimal {
        switch self {
        case .prepaid(let amount), .monthly(let amount): amount
        }
    }
}

/// One member institution of the pool: its share of contended capacity, its quotas, its
/// budget and what it may use. A limit that is nil does not apply.
public struct TenantConfig: Sendable, Equatable {
    /// The tenant's name, as keys are created with (`keys create --tenant NAME`).
    public var name: String
    /// Its weight when backends are contended: capacity is shared in proportion to shares.
    public var share: Int
    /// Model calls per calendar minute, over all its keys.
    public var requestsPerMinute: Int?
    /// Tokens (prompt and completion) per calendar minute.
    public var tokensPerMinute: Int?
    /// Tokens per calendar day.
    public var tokensPerDay: Int?
    /// Tokens per calendar month.
    public var tokensPerMonth: Int?
    /// Requests one API key may have in flight at once.
    public var maxConcurrentPerKey: Int?
    /// The money it may spend.
    public var budget: TenantBudget?
    /// The model aliases it may call; nil allows every alias the alias itself allows.
    public var models: [String]?
    /// The scenarios it may pick; nil allows every scenario.
    public var scenarios: [String]?
    /// Requests it may have waiting for one backend; more are refused at once.
    public var maxQueued: Int
    /// A suspended tenant's keys are refused (403) until it is resumed.
    public var suspended: Bool

    /// The most requests a tenant may have queued for one backend unless configured.
    public static let defaultMaxQueued = 256

    /// The policy of a tenant the configuration does not name: share 1, no quotas.
    public static func unconfigured(_ name: String) -> TenantConfig {
        TenantConfig(name: name)
    }

    /// Creates a tenant.
    public init(
        name: String, share: Int = 1, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, tokensPerDay: Int? = nil,
        tokensPerMonth: Int? = nil, maxConcurrentPerKey: Int? = nil, budget: TenantBudget? = nil, models: [String]? = nil,
        scenarios: [String]? = nil, maxQueued: Int = TenantConfig.defaultMaxQueued, suspended: Bool = false
    ) {
        self.name = name
        self.share = share
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.tokensPerDay = tokensPerDay
        self.tokensPerMonth = tokensPerMonth
        self.maxConcurrentPerKey = maxConcurrentPerKey
        self.budget = budget
        self.models = models
        self.scenarios = scenarios
        self.maxQueued = maxQueued
        self.suspended = suspended
    }

    /// Whether the tenant may call the alias `alias`.
    public func permits(model alias: String) -> Bool {
        models.map { $0.contains(alias) } ?? true
    }

    /// Whether the tenant may pick the scenario `scenario`.
    public func permits(scenario: String) -> Bool {
        scenarios.map { $0.contains(scenario) } ?? true
    }
}
