import Backends
import Config
import Logging
import Store
import Wire

/// The assembled gateway: configuration, state, backends, and the request pipeline
/// (authenticate → parse → resolve → dispatch) that every model call runs through.
public final class Gateway: Sendable {
    /// The configuration it was built from.
    public let config: SwitchboardConfig
    /// The state store.
    public let store: any Store
    /// The model backends.
    public let pool: BackendPool
    /// API key authentication.
    public let authenticator: APIKeyAuthenticator
    /// The model aliases.
    public let catalog: ModelCatalog
    /// The pipeline for model calls.
    public let pipeline: Pipeline
    /// The logger for exchange records and gateway events.
    public let logger: Logger

    /// Builds the gateway from a validated configuration and an open store.
    public init(config: SwitchboardConfig, store: any Store, logger: Logger) {
        self.config = config
        self.store = store
        self.logger = logger
        pool = BackendPool(configs: config.backends)
        authenticator = APIKeyAuthenticator(store: store)
        catalog = ModelCatalog(models: config.models)
        let dispatcher = Dispatcher(pool: pool, queueTimeout: config.server.queueTimeout, maxResponseBytes: config.server.maxUpstreamBodyBytes)
        pipeline = Pipeline(stages: [
            AuthenticateStage(authenticator: authenticator),
            ParseStage(),
            ResolveStage(catalog: catalog),
            DispatchStage(dispatcher: dispatcher),
        ])
    }

    /// Runs a model call through the pipeline.
    public func process(_ exchange: inout Exchange) async throws(APIError) {
        try await pipeline.run(&exchange)
    }

    /// Writes the exchange's one structured log line.
    public func log(_ exchange: Exchange) {
        ExchangeLog(exchange: exchange).emit(to: logger)
    }

    /// Closes backend connections.
    public func shutdown() async {
        await pool.shutdown()
    }
}
