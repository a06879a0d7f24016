import Wire

/// Every plugin this gateway offers, by name, with each one's compiled argument schema.
public struct PluginRegistry: Sendable {
    private let entries: [String: Entry]
    /// The plugin names in the order they were registered.
    public let names: [String]

    struct Entry: Sendable {
        let plugin: any Plugin
        let validator: JSONSchemaValidator
    }

    /// Registers `plugins`; fails when two share a name, a name is not a valid tool name, or a
    /// schema is invalid.
    public init(_ plugins: [any Plugin]) throws(PluginRegistryError) {
        var entries: [String: Entry] = [:]
        var names: [String] = []
        for plugin in plugins {
            let name = plugin.definition.name
            guard Self.isValidName(name) else {
                throw PluginRegistryError(message: "the plugin name '\(name)' is not valid: use 1 to 64 ASCII letters, digits, '_' or '-'")
            }
            guard entries[name] == nil else {
                throw PluginRegistryError(message: "two plugins are named '\(name)'; rename one (tools of MCP servers get their server's name as a prefix for this reason)")
            }
            do {
                entries[name] = Entry(plugin: plugin, validator: try JSONSchemaValidator(schema: plugin.definition.parameters))
            } catch {
                throw PluginRegistryError(message: "the plugin '\(name)' has an invalid argument schema: \(error.message)")
            }
            names.append(name)
        }
        self.entries = entries
        self.names = names
    }

    /// The plugin named `name`.
    public func plugin(named name: String) -> (any Plugin)? {
        entries[name]?.plugin
    }

    /// The definitions of every plugin, in registration order.
    public var definitions: [PluginDefinition] {
        names.compactMap { entries[$0]?.plugin.definition }
    }

    /// Parses and validates a call's arguments (the JSON text a model wrote).
    public func arguments(for name: String, json: String) throws(PluginError) -> JSONValue {
        guard let entry = entries[name] else {
            throw PluginError(.unknownPlugin, "there is no tool named '\(name)'")
        }
        let text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        let value: JSONValue
        do {
            value = try JSONValue.parse(text.isEmpty ? "{}" : text)
        } catch {
            throw PluginError(.invalidArguments, "the arguments are not valid JSON (\(error.description)); send one JSON object matching the tool's parameters")
        }
        let violations = entry.validator.validate(value)
        guard violations.isEmpty else {
            throw PluginError(.invalidArguments, violations.map(\.description).joined(separator: "; "))
        }
        return value
    }

    /// Whether `name` may name a tool: 1 to 64 ASCII letters, digits, `_` or `-` (the rule
    /// OpenAI's and Anthropic's APIs apply to function names).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" }
    }
}

/// A plugin set that cannot be registered.
public struct PluginRegistryError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
