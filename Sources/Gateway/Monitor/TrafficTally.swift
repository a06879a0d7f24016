import Foundation

/// What a period's exchanges add up to: counts, latency histograms, and each tenant's tokens,
/// cost and queue wait.
public struct TrafficTally: Sendable, Equatable {
    /// One tenant's part of a tally.
    public struct Tenant: Sendable, Equatable {
        /// Exchanges.
        public var requests = 0
        /// Exchanges that ended with status 400 or above.
        public var errors = 0
        /// Prompt tokens.
        public var tokensIn = 0
        /// Completion tokens.
        public var tokensOut = 0
        /// Cost by the price table.
        public var cost: Decimal = 0
        /// Time waited for a backend slot, per exchange that reached a backend.
        public var queueWait = LatencyHistogram()
    }

    /// Exchanges.
    public var requests = 0
    /// Exchanges that ended with status 400 or above.
    public var errors = 0
    /// Time spent in the gateway per exchange.
    public var gateway = LatencyHistogram()
    /// Time spent waiting on backends per exchange that reached one.
    public var upstream = LatencyHistogram()
    /// Per tenant.
    public var tenants: [String: Tenant] = [:]
    /// Exchanges by data level (index 1…5; index 0 counts those never inspected).
    public var levels = [Int](repeating: 0, count: 6)
    /// Exchanges by where their data went.
    public var destinations: [ExchangeSummary.Destination: Int] = [:]
    /// Answers by the quality checks' verdict (`pass`, `flag`, `block`).
    public var verdicts: [String: Int] = [:]
    /// Figures checked by grounding.
    public var figures = 0
    /// Figures no evidence supports.
    public var unsupported = 0

    /// An empty tally.
    public init() {}

    /// Counts one exchange.
    public mutating func add(_ summary: ExchangeSummary) {
        requests += 1
        let failed = summary.status >= 400
        if failed { errors += 1 }
        gateway.record(micros: summary.gatewayMicros)
        if !summary.backend.isEmpty { upstream.record(micros: summary.upstreamMicros) }
        var tenant = tenants[summary.tenant, default: Tenant()]
        tenant.requests += 1
        if failed { tenant.errors += 1 }
        tenant.tokensIn += summary.tokensIn
        tenant.tokensOut += summary.tokensOut
        tenant.cost += summary.cost
        if !summary.backend.isEmpty { tenant.queueWait.record(micros: summary.queueWaitMicros) }
        tenants[summary.tenant] = tenant
        levels[summary.level.map { min(max($0, 0), 5) } ?? 0] += 1
        destinations[summary.destination, default: 0] += 1
        if let verdict = summary.verdict { verdicts[verdict, default: 0] += 1 }
        figures += summary.figures
        unsupported += summary.unsupported
    }

    /// Adds another tally.
    public mutating func add(_ other: TrafficTally) {
        requests += other.requests
        errors += other.errors
        gateway.add(other.gateway)
        upstream.add(other.upstream)
        for (name, part) in other.tenants {
            var tenant = tenants[name, default: Tenant()]
            tenant.requests += part.requests
            tenant.errors += part.errors
            tenant.tokensIn += part.tokensIn
            tenant.tokensOut += part.tokensOut
            tenant.cost += part.cost
            tenant.queueWait.add(part.queueWait)
            tenants[name] = tenant
        }
        for index in levels.indices { levels[index] += other.levels[index] }
        destinations.merge(other.destinations, uniquingKeysWith: +)
        verdicts.merge(other.verdicts, uniquingKeysWith: +)
        figures += other.figures
        unsupported += other.unsupported
    }
}
