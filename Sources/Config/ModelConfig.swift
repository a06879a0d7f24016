/// How an alias spreads requests over its targets.
public enum RoutingStrategy: String, Sendable, Equatable, CaseIterable {
    /// Always the first available target; the rest are fallbacks, in order.
    case ordered
    /// A target picked at random in proportion to its weight; the rest are fallbacks.
    case weighted
}

/// One backend an alias may use.
public struct ModelTarget: Sendable, Equatable {
    /// The backend's name.
    public var backend: String
    /// The model name sent to that backend; nil uses the backend's `model`, else the alias.
    public var model: String?
    /// Relative share under the weighted strategy.
    public var weight: Int

    /// Creates a target.
    public init(backend: String, model: String? = nil, weight: Int = 1) {
        self.backend = backend
        self.model = model
        self.weight = weight
    }
}

/// A model alias: the name apps put in `model`, and where it may be served.
public struct ModelConfig: Sendable, Equatable {
    /// The name apps use.
    public var alias: String
    /// The backends that may serve it.
    public var targets: [ModelTarget]
    /// How targets are chosen.
    public var strategy: RoutingStrategy
    /// Tenants allowed to use it; nil allows every tenant.
    public var tenants: [String]?
    /// The most upstream attempts for one request (first try plus retries).
    public var maxAttempts: Int
    /// The longest `Retry-After` the gateway will wait out itself before giving up.
    public var maxRetryAfter: Duration

    /// Creates a model alias.
    public init(alias: String, targets: [ModelTarget], strategy: RoutingStrategy = .ordered, tenants: [String]? = nil, maxAttempts: Int? = nil, maxRetryAfter: Duration = .seconds(5)) {
        self.alias = alias
        self.targets = targets
        self.strategy = strategy
        self.tenants = tenants
        self.maxAttempts = maxAttempts ?? max(2, targets.count)
        self.maxRetryAfter = maxRetryAfter
    }

    /// Whether `tenant` may use this alias.
    public func permits(tenant: String) -> Bool {
        tenants.map { $0.contains(tenant) } ?? true
    }
}
