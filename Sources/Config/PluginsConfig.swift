/// The `plugins` section: limits for every plugin call, the trading calendar, and the
/// institution's own HTTP services offered as plugins.
public struct PluginsConfig: Sendable, Equatable {
    /// The longest one plugin call may take.
    public var timeout: Duration = .seconds(10)
    /// The largest plugin result handed back to a model, in bytes of JSON.
    public var maxResultBytes: Int = 64 * 1024
    /// The trading calendar file; nil uses the embedded Shanghai/Shenzhen calendar.
    public var calendarFile: String?
    /// The securities master (CSV); nil uses the embedded demo master.
    public var securitiesFile: String?
    /// The institution's rule packs (YAML files), besides the shipped eligibility packs.
    public var rulePacks: [String] = []
    /// HTTP services offered as plugins.
    public var http: [HTTPPluginConfig] = []

    /// The plugins built into the binary (the `Plugins` module registers exactly these).
    public static let builtinNames = ["calculate", "calendar", "price_limits", "check_order", "check_suitability", "check_eligibility", "evaluate_rules"]

    /// The plugins that come with a quote source.
    public static let quoteNames = ["quote", "history"]

    /// What joins an MCP server's name and its tool's name: `crm__lookup_client` (tool names
    /// may hold only letters, digits, `_` and `-` for the model APIs).
    public static let namespaceSeparator = "__"

    /// Whether `name` can prefix tool names (`name__tool`): ASCII letters, digits and `-`.
    public static func isNamespace(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }

    /// The defaults: 10 s, 64 KiB, the embedded calendar, no HTTP plugins.
    public static let defaults = PluginsConfig()
}

/// A plugin served by one of the institution's HTTP services: the gateway POSTs the validated
/// arguments as JSON and hands the JSON answer to the model.
public struct HTTPPluginConfig: Sendable, Equatable {
    /// The tool name.
    public var name: String
    /// What it does for the user and when to use it.
    public var description: String
    /// `read` or `write` (`write` calls wait for a person's approval).
    public var effect: String
    /// The endpoint (http or https).
    public var url: String
    /// Extra request headers (credentials for the service).
    public var headers: [String: String]
    /// The JSON Schema of the arguments, as JSON text.
    public var parametersJSON: String
    /// The service's name in provenance; defaults to the plugin's name.
    public var source: String?

    /// Creates an HTTP plugin config.
    public init(name: String, description: String, effect: String, url: String, headers: [String: String], parametersJSON: String, source: String?) {
        self.name = name
        self.description = description
        self.effect = effect
        self.url = url
        self.headers = headers
        self.parametersJSON = parametersJSON
        self.source = source
    }
}

/// The `approvals` section: how long a write call waits for a person.
public struct ApprovalsConfig: Sendable, Equatable {
    /// How long a pending approval stays open.
    public var expireAfter: Duration = .seconds(15 * 60)

    /// The default: 15 minutes.
    public static let defaults = ApprovalsConfig()
}
