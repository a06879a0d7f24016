/// What `tools/call` answers: the content blocks, structured content when the tool gives it,
/// and whether the tool reported an error.
public struct MCPToolResult: Sendable, Equatable {
    /// The content blocks, as JSON objects with a `type` (`text`, `image`, `resource`, …).
    public var content: [JSONValue]
    /// The result as one JSON value, when the tool gives one.
    public var structuredContent: JSONValue?
    /// The tool failed; the content says why.
    public var isError: Bool

    /// Creates a result.
    public init(content: [JSONValue], structuredContent: JSONValue? = nil, isError: Bool) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
    }

    /// A result of one text block.
    public static func text(_ text: String, structuredContent: JSONValue? = nil, isError: Bool) -> MCPToolResult {
        MCPToolResult(content: [.object(["type": .string("text"), "text": .string(text)])], structuredContent: structuredContent, isError: isError)
    }

    /// Reads a `tools/call` result; nil when it has no `content` list.
    public init?(json: JSONValue) {
        guard let content = json["content"]?.arrayValue else { return nil }
        self.content = content
        structuredContent = json["structuredContent"]
        isError = json["isError"]?.boolValue ?? false
    }

    /// The texts of the `text` blocks, in order.
    public var texts: [String] {
        content.compactMap { block in block["type"]?.stringValue == "text" ? block["text"]?.stringValue : nil }
    }

    /// The result as JSON.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["content": .array(content), "isError": .bool(isError)]
        if let structuredContent { members["structuredContent"] = structuredContent }
        return .object(members)
    }
}
