/// A tool as `tools/list` describes it: its name, what it does, the JSON Schema of its
/// arguments, and the hints a server gives about its effect.
public struct MCPTool: Sendable, Equatable {
    /// The name `tools/call` takes.
    public var name: String
    /// A name for people, when the server gives one.
    public var title: String?
    /// What the tool does.
    public var description: String?
    /// The JSON Schema of the arguments (an object schema).
    public var inputSchema: JSONValue
    /// The server says the tool changes nothing.
    public var readOnlyHint: Bool?
    /// The server says the tool may destroy or overwrite data.
    public var destructiveHint: Bool?

    /// Creates a tool description.
    public init(
        name: String, title: String? = nil, description: String?, inputSchema: JSONValue, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.readOnlyHint = readOnlyHint
        self.destructiveHint = destructiveHint
    }

    /// Reads a tool from an element of `tools/list`'s `tools`; nil when it has no name.
    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.name = name
        title = json["title"]?.stringValue ?? json["annotations"]?["title"]?.stringValue
        description = json["description"]?.stringValue
        inputSchema = json["inputSchema"] ?? .object(["type": .string("object")])
        readOnlyHint = json["annotations"]?["readOnlyHint"]?.boolValue
        destructiveHint = json["annotations"]?["destructiveHint"]?.boolValue
    }

    /// The tool as an element of `tools/list`'s `tools`.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name), "inputSchema": inputSchema]
        if let title { members["title"] = .string(title) }
        if let description { members["description"] = .string(description) }
        var annotations: [String: JSONValue] = [:]
        if let readOnlyHint { annotations["readOnlyHint"] = .bool(readOnlyHint) }
        if let destructiveHint { annotations["destructiveHint"] = .bool(destructiveHint) }
        if !annotations.isEmpty { members["annotations"] = .object(annotations) }
        return .object(members)
    }
}
