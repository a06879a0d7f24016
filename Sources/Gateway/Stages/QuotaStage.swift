import Pool
import Wire

/// Reserves what one model call may use (its estimated tokens and their highest cost) against
/// the tenant's token quotas and budget, before the call is sent. Runs before every model call:
/// the first and each tool-loop step.
public struct QuotaStage: ExchangeStage {
    public let name = "quota"
    private let pool: PoolServices

    /// Creates the stage.
    public init(pool: PoolServices) {
        self.pool = pool
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let caller = exchange.caller, let model = exchange.model else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "quota ran before authenticate or resolve")
        }
        let policy = exchange.tenant ?? pool.tenants.policy(for: caller.tenant)
        let estimate = pool.estimate(exchange)
        let claim = QuotaClaim(tenant: policy, keyID: caller.keyID, isNewRequest: false, tokens: estimate.total, cost: pool.highestCost(of: estimate, on: model))
        do {
            exchange.quotaHolds.append(try await pool.quota.reserve(claim))
        } catch {
            throw PoolServices.error(for: error)
        }
        exchange.lastEstimate = estimate
        return .next
    }
}
