import Config
import Foundation
import Plugins
import Wire

/// The configured scenarios, with the plugins each may use resolved against the registry.
public struct ScenarioCatalog: Sendable {
    private let scenarios: [String: ScenarioConfig]
    private let ordered: [ScenarioConfig]
    private let registry: PluginRegistry

    /// Creates the catalog; fails when a scenario names a plugin the registry does not have.
    public init(scenarios: [ScenarioConfig], registry: PluginRegistry) throws(GatewayStartupError) {
        for scenario in scenarios {
            for name in scenario.plugins where Self.matching(name, in: registry).isEmpty {
                throw GatewayStartupError(message: "scenario '\(scenario.name)' names the plugin '\(name)', which is not available; plugins are: \(registry.names.joined(separator: ", "))")
            }
            for intent in scenario.intents {
                guard let plugin = registry.plugin(named: intent.plugin) else {
                    throw GatewayStartupError(message: "intent '\(intent.name)' of scenario '\(scenario.name)' calls the plugin '\(intent.plugin)', which is not available")
                }
                guard plugin.definition.effect == .read else {
                    throw GatewayStartupError(message: "intent '\(intent.name)' of scenario '\(scenario.name)' calls '\(intent.plugin)', a write plugin; intents may only read")
                }
            }
        }
        ordered = scenarios
        self.scenarios = Dictionary(scenarios.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.registry = registry
    }

    /// The scenario `name`, if it exists and `tenant` may use it.
    public func scenario(named name: String, tenant: String) -> ScenarioConfig? {
        scenarios[name].flatMap { $0.permits(tenant: tenant) ? $0 : nil }
    }

    /// The plugins `scenario` allows, by name (a trailing `*` matches every name with that
    /// prefix, e.g. `crm__*` for every tool of the MCP server `crm`).
    public func plugins(for scenario: ScenarioConfig) -> [String: any Plugin] {
        var plugins: [String: any Plugin] = [:]
        for pattern in scenario.plugins {
            for name in Self.matching(pattern, in: registry) { plugins[name] = registry.plugin(named: name) }
        }
        return plugins
    }

    /// The scenarios `tenant` may use, in configuration order.
    public func scenarios(for tenant: String) -> [ScenarioConfig] {
        ordered.filter { $0.permits(tenant: tenant) }
    }

    /// The plugin names every scenario of `tenant` allows together (what an MCP client of that tenant sees).
    public func pluginNames(for tenant: String) -> Set<String> {
        Set(scenarios(for: tenant).flatMap { plugins(for: $0).keys })
    }

    private static func matching(_ pattern: String, in registry: PluginRegistry) -> [String] {
        if pattern.hasSuffix("*") {
            let prefix = String(pattern.dropLast())
            return registry.names.filter { $0.hasPrefix(prefix) }
        }
        return registry.plugin(named: pattern) == nil ? [] : [pattern]
    }
}
