import Config
import Plugins

/// A scenario as it applies to one exchange: which plugins the gateway runs for the model,
/// which tools belong to the app, and how many model calls have been made.
public struct ScenarioRun: Sendable {
    /// The scenario's configuration.
    public var config: ScenarioConfig
    /// The plugins offered to the model, by name.
    public var plugins: [String: any Plugin]
    /// The names of the tools the app itself sent (their calls go back to the app).
    public var appTools: Set<String>
    /// Model calls made so far.
    public var steps = 1

    /// Creates the run.
    public init(config: ScenarioConfig, plugins: [String: any Plugin], appTools: Set<String>) {
        self.config = config
        self.plugins = plugins
        self.appTools = appTools
    }

    /// The scenario's name.
    public var name: String { config.name }

    /// Whether the gateway runs a tool-calling loop for this exchange.
    public var runsTools: Bool { !plugins.isEmpty }

    /// Whether there is a model to call when no intent answers.
    public var hasModel: Bool { config.model != nil }
}
