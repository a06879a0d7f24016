import Wire

/// A capability the model can call: a quote feed, a rule, a calculation, a query of the
/// institution's own systems.
///
/// The gateway validates arguments against ``definition``'s schema before ``invoke(_:context:)``
/// runs, enforces the deadline and the result size, records every call in the audit trail, and
/// turns `write` plugins into pending approvals instead of running them.
public protocol Plugin: Sendable {
    /// Name, description, argument schema and effect.
    var definition: PluginDefinition { get }

    /// Runs the plugin with arguments that already satisfy the schema.
    func invoke(_ arguments: JSONValue, context: PluginContext) async throws(PluginError) -> PluginResult

    /// One line saying what a call would do, for the person who approves a `write` call.
    func summary(of arguments: JSONValue) -> String
}

extension Plugin {
    /// The plugin's name.
    public var name: String { definition.name }

    /// By default: the plugin's name and its arguments as JSON.
    public func summary(of arguments: JSONValue) -> String {
        "\(definition.name) \(arguments.encodedString)"
    }
}
