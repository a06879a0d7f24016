/// A call the model asked for: its id, the tool's name, and the arguments as the model wrote them.
public struct ToolCall: Sendable, Equatable {
    /// The model's id for the call, echoed in the tool message.
    public var id: String
    /// The tool's name.
    public var name: String
    /// The arguments, JSON text as the model wrote it (it may be invalid).
    public var arguments: String

    /// Creates a call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The call as an OpenAI `tool_calls` entry.
    public var json: JSONValue {
        .object([
            "id": .string(id), "type": .string("function"),
            "function": .object(["name": .string(name), "arguments": .string(arguments)]),
        ])
    }
}
