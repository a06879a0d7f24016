import Foundation

/// What one tenant's key spent on one day through one scenario, alias and backend: the unit
/// usage is stored, summed and charged back in.
public struct UsageRow: Sendable, Equatable {
    /// The day in the pool's time zone, `YYYY-MM-DD`.
    public var day: String
    /// The tenant.
    public var tenant: String
    /// The API key's id (empty for work no key asked for).
    public var keyID: String
    /// The scenario (empty for none).
    public var scenario: String
    /// The model alias called (empty for none, such as an MCP tool call).
    public var model: String
    /// The backend that served (empty when none did).
    public var backend: String
    /// The member that lent the backend to the pool (empty when nobody did).
    public var lender: String
    /// Requests.
    public var requests: Int
    /// Prompt tokens.
    public var tokensIn: Int
    /// Completion tokens.
    public var tokensOut: Int
    /// What the tokens cost, in the pool's currency.
    public var cost: Decimal
    /// The requests' latencies added up, in milliseconds.
    public var latencyMs: Int64
    /// Requests that ended in an error.
    public var errors: Int

    /// Creates a row.
    public init(
        day: String, tenant: String, keyID: String, scenario: String, model: String, backend: String, lender: String,
        requests: Int = 0, tokensIn: Int = 0, tokensOut: Int = 0, cost: Decimal = 0, latencyMs: Int64 = 0, errors: Int = 0
    ) {
        self.day = day
        self.tenant = tenant
        self.keyID = keyID
        self.scenario = scenario
        self.model = model
        self.backend = backend
        self.lender = lender
        self.requests = requests
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.cost = cost
        self.latencyMs = latencyMs
        self.errors = errors
    }

    /// The columns that identify the row; rows with the same key are added together.
    public var key: [String] { [day, tenant, keyID, scenario, model, backend, lender] }

    /// Adds `other`'s counts to this row's.
    public mutating func add(_ other: UsageRow) {
        requests += other.requests
        tokensIn += other.tokensIn
        tokensOut += other.tokensOut
        cost += other.cost
        latencyMs += other.latencyMs
        errors += other.errors
    }
}

/// A tenant's usage in the windows that survive a restart: what quotas and budgets start from.
public struct UsageTotals: Sendable, Equatable {
    /// Tokens on the current day.
    public var tokensToday: Int
    /// Tokens in the current month.
    public var tokensThisMonth: Int
    /// Cost in the current month.
    public var costThisMonth: Decimal
    /// Cost ever.
    public var costTotal: Decimal

    /// Creates totals.
    public init(tokensToday: Int = 0, tokensThisMonth: Int = 0, costThisMonth: Decimal = 0, costTotal: Decimal = 0) {
        self.tokensToday = tokensToday
        self.tokensThisMonth = tokensThisMonth
        self.costThisMonth = costThisMonth
        self.costTotal = costTotal
    }
}

/// A failure to read or write usage.
public struct UsageStorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Where usage is kept.
public protocol UsageStorage: Sendable {
    /// Adds rows to the stored rows with the same key (creating those missing), all or nothing.
    func addUsage(_ rows: [UsageRow]) async throws(UsageStorageError)
    /// The stored rows from `firstDay` through `lastDay` (inclusive), of one tenant or all.
    func usage(from firstDay: String, through lastDay: String, tenant: String?) async throws(UsageStorageError) -> [UsageRow]
    /// Each tenant's totals for `day` and `month` (`YYYY-MM`), and its cost ever.
    func usageTotals(day: String, month: String) async throws(UsageStorageError) -> [String: UsageTotals]
}
