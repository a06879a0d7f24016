import Wire

/// What a model (or an MCP client) is told about a plugin: its name, what it does in business
/// language, the JSON Schema of its arguments, and its effect.
public struct PluginDefinition: Sendable, Equatable {
    /// The name models call it by, e.g. `calculate` or `crm__lookup_client` (ASCII letters, digits, `_`, `-`).
    public var name: String
    /// What it does for the user and when to use it, written for the model and for people.
    public var description: String
    /// The JSON Schema (an object schema) its arguments must satisfy.
    public var parameters: JSONValue
    /// Whether it only reads or also changes something.
    public var effect: PluginEffect

    /// Creates a definition.
    public init(name: String, description: String, parameters: JSONValue, effect: PluginEffect) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.effect = effect
    }

    /// The OpenAI `tools` entry for this plugin.
    public var openAITool: JSONValue {
        .object([
            "type": .string("function"),
            "function": .object([
                "name": .string(name),
                "description": .string(description),
                "parameters": parameters,
            ]),
        ])
    }
}
