import Foundation

/// What one backend charges per million tokens, in the pool's currency.
public struct PriceConfig: Sendable, Equatable {
    /// The backend the price applies to.
    public var backend: String
    /// The upstream model name it applies to; nil for every model on the backend.
    public var model: String?
    /// Price per million prompt tokens.
    public var inputPerMillion: Decimal
    /// Price per million completion tokens.
    public var outputPerMillion: Decimal

    /// Creates a price.
    public init(backend: String, model: String? = nil, inputPerMillion: Decimal, outputPerMillion: Decimal) {
        self.backend = backend
        self.model = model
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }
}

/// How the shared pool of model capacity is run: the calendar quotas are counted in, token
/// estimates, and how batch work shares contended backends with interactive work.
public struct PoolConfig: Sendable, Equatable {
    /// The IANA time zone whose calendar days and months quotas, budgets and chargeback use.
    public var timeZone: String
    /// The currency prices and budgets are written in (a label; amounts are never converted).
    public var currency: String
    /// Completion tokens reserved for a request that sets no `max_tokens`.
    public var defaultMaxTokens: Int
    /// The least fraction of grants batch work gets while interactive work also waits.
    public var batchShare: Decimal
    /// How often settled usage is written to the store.
    public var usageFlushInterval: Duration

    /// The defaults: China Standard Time, CNY, 1,024 tokens, one grant in ten for batch, every second.
    public static let defaults = PoolConfig(
        timeZone: "Asia/Shanghai", currency: "CNY", defaultMaxTokens: 1024, batchShare: Decimal(string: "0.1")!, usageFlushInterval: .seconds(1))

    /// Creates pool settings.
    public init(timeZone: String, currency: String, defaultMaxTokens: Int, batchShare: Decimal, usageFlushInterval: Duration) {
        self.timeZone = timeZone
        self.currency = currency
        self.defaultMaxTokens = defaultMaxTokens
        self.batchShare = batchShare
        self.usageFlushInterval = usageFlushInterval
    }
}
