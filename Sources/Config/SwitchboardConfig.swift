/// The whole validated configuration of one Switchboard instance.
public struct SwitchboardConfig: Sendable {
    /// The HTTP listener and request limits.
    public var server: ServerConfig
    /// Where state (keys, tenants) is kept.
    public var store: StoreConfig
    /// The model backends, in the order written.
    public var backends: [BackendConfig]
    /// The model aliases apps may call.
    public var models: [ModelConfig]
    /// The audit trail.
    public var audit: AuditConfig = .defaults
    /// How requests are inspected for sensitive data.
    public var privacy: PrivacyConfig = .defaults
    /// The zone policy, first matching rule applies.
    public var policy: [PolicyRule] = PolicyRule.defaults
    /// Plugin limits, the trading calendar and HTTP plugins.
    public var plugins: PluginsConfig = .defaults
    /// The institution's databases that queries read.
    public var dataSources: [DataSourceConfig] = []
    /// Named read-only queries offered as plugins.
    public var queries: [QueryConfig] = []
    /// The documents `search_documents` searches; nil offers no document search.
    public var knowledge: KnowledgeConfig?
    /// Market quotes.
    public var quotes: QuotesConfig = .defaults
    /// External MCP servers whose tools become plugins.
    public var mcpServers: [MCPServerConfig] = []
    /// How long write calls wait for approval.
    public var approvals: ApprovalsConfig = .defaults
    /// The scenarios apps may pick.
    public var scenarios: [ScenarioConfig] = []
    /// The quality checks every scenario starts from (`checks`).
    public var checks = ChecksConfig()
    /// Rule sets written in the configuration (`rule_sets`).
    public var ruleSets: [RuleSetConfig] = []
    /// How the shared pool is run (`pool`).
    public var pool: PoolConfig = .defaults
    /// The tenants with a policy of their own (`tenants`); others get share 1 and no quotas.
    public var tenants: [TenantConfig] = []
    /// What backends charge (`prices`).
    public var prices: [PriceConfig] = []
    /// Where traces go.
    public var telemetry: TelemetryConfig = .defaults
    /// The web console.
    public var console: ConsoleConfig = .defaults
    /// The Responses API's stored responses.
    public var responses: ResponsesConfig = .defaults
    /// The file this came from, or nil for the embedded defaults.
    public var sourceFile: String?

    /// Creates a configuration.
    public init(server: ServerConfig, store: StoreConfig, backends: [BackendConfig], models: [ModelConfig], sourceFile: String?) {
        self.server = server
        self.store = store
        self.backends = backends
        self.models = models
        self.sourceFile = sourceFile
    }

    /// The backend with this name.
    public func backend(named name: String) -> BackendConfig? {
        backends.first { $0.name == name }
    }

    /// The scenario with this name.
    public func scenario(named name: String) -> ScenarioConfig? {
        scenarios.first { $0.name == name }
    }

    /// The tenant with this name, if configured.
    public func tenant(named name: String) -> TenantConfig? {
        tenants.first { $0.name == name }
    }

    /// The model alias with this name.
    public func model(alias: String) -> ModelConfig? {
        models.first { $0.alias == alias }
    }
}
