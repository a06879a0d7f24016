import Mustache

/// A scenario: a named use of a model with its own system prompt, plugins and policy, which an
/// app picks with the model name `scenario/NAME` or the header `X-Switchboard-Scenario`.
public struct ScenarioConfig: Sendable {
    /// The scenario's name.
    public var name: String
    /// The model alias it uses; nil for a scenario that only answers by intents.
    public var model: String?
    /// The system prompt template (Mustache, rendered as plain text).
    public var prompt: MustacheTemplate?
    /// The plugins the model may call (a trailing `*` takes every plugin with that prefix).
    public var plugins: [String]
    /// The most model calls in one exchange (the first plus one after each round of tool calls).
    public var maxSteps: Int
    /// Tenants allowed to use it; nil allows every tenant.
    public var tenants: [String]?
    /// The lowest data level its requests are treated at (a policy override: raises, never lowers).
    public var minimumLevel: Int?
    /// Extra fields for the prompt's `profile` (e.g. the desk or the product line).
    public var profile: [String: String]
    /// Questions answered without a model (tried before the model is called).
    public var intents: [IntentConfig] = []
    /// The quality checks of its answers (the top-level `checks`, overridden by its own).
    public var checks = ChecksConfig()

    /// Creates a scenario.
    public init(
        name: String, model: String?, prompt: MustacheTemplate?, plugins: [String], maxSteps: Int = 4, tenants: [String]? = nil,
        minimumLevel: Int? = nil, profile: [String: String] = [:]
    ) {
        self.name = name
        self.model = model
        self.prompt = prompt
        self.plugins = plugins
        self.maxSteps = maxSteps
        self.tenants = tenants
        self.minimumLevel = minimumLevel
        self.profile = profile
    }

    /// Whether `tenant` may use the scenario.
    public func permits(tenant: String) -> Bool {
        tenants.map { $0.contains(tenant) } ?? true
    }

    /// Compiles a prompt template as plain text (nothing HTML-escaped).
    public static func template(_ text: String) throws -> MustacheTemplate {
        try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
    }
}
