import Wire

/// Finds the model alias the app asked for, among those its tenant may use.
public struct ResolveStage: ExchangeStage {
    public let name = "resolve"
    private let catalog: ModelCatalog

    /// Creates the stage.
    public init(catalog: ModelCatalog) {
        self.catalog = catalog
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let request = exchange.request, let caller = exchange.caller else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "resolve ran before parse or authenticate")
        }
        if let tenant = exchange.tenant, !tenant.permits(model: request.alias) {
            throw .modelNotFound(request.alias)
        }
        exchange.model = try catalog.resolve(alias: request.alias, tenant: caller.tenant)
        return .next
    }
}
