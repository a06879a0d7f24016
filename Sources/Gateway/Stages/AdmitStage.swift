import Pool
import Wire

/// Admits the request for its tenant: finds the tenant's policy, reads the priority class,
/// refuses a suspended tenant or a scenario it may not use, and counts the request against its
/// requests per minute and its key's concurrency.
public struct AdmitStage: ExchangeStage {
    public let name = "admit"
    private let pool: PoolServices

    /// Creates the stage.
    public init(pool: PoolServices) {
        self.pool = pool
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let caller = exchange.caller else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "admit ran before authenticate")
        }
        let policy = pool.tenants.policy(for: caller.tenant)
        exchange.tenant = policy
        exchange.priority = try Self.priority(exchange.priorityHeader)
        if let scenario = exchange.scenario?.config.name, exchange.request?.alias != ScenarioStage.directModel, !policy.permits(scenario: scenario) {
            throw APIError(
                status: 404, type: "invalid_request_error", code: "model_not_found",
                message: "The scenario '\(scenario)' is not one your tenant may use; GET /v1/models lists those it may.")
        }
        exchange.quotaHolds.append(try await pool.admit(caller, policy: policy))
        return .next
    }

    /// The class named by `X-Switchboard-Priority` (interactive when absent).
    static func priority(_ header: String?) throws(APIError) -> Priority {
        guard let header else { return .interactive }
        guard let priority = Priority(rawValue: header.lowercased()) else {
            throw APIError(
                status: 400, type: "invalid_request_error", code: "invalid_priority",
                message: "X-Switchboard-Priority must be interactive or batch, found '\(header)'.")
        }
        return priority
    }
}
