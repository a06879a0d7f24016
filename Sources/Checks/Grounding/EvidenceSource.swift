import Wire

/// Where a piece of evidence came from: a plugin call's result, or a message of the user's.
public struct EvidenceSource: Sendable, Equatable {
    /// The kinds of evidence.
    public enum Kind: String, Sendable {
        /// A tool's result (a plugin the gateway ran, or a tool message the app sent).
        case tool
        /// Something the user wrote.
        case user
    }

    /// Which kind.
    public var kind: Kind
    /// The tool's name (for a tool result).
    public var tool: String?
    /// The model's id for the tool call.
    public var callID: String?
    /// The message's index in the conversation.
    public var message: Int?
    /// When the data was true, as the result states it.
    public var asOf: String?

    /// Creates a source.
    public init(kind: Kind, tool: String? = nil, callID: String? = nil, message: Int? = nil, asOf: String? = nil) {
        self.kind = kind
        self.tool = tool
        self.callID = callID
        self.message = message
        self.asOf = asOf
    }
}

/// One value of the evidence that a figure matched: the source, where in it, and the value as
/// the source wrote it.
public struct EvidenceReference: Sendable, Equatable {
    /// The evidence it is part of.
    public var source: EvidenceSource
    /// Where in the result (`quotes[0].last`), or the scalar offset in a message (`@12`).
    public var path: String
    /// The value as the evidence wrote it.
    public var value: String
    /// When that value was true (the enclosing item's `as_of`, else the source's).
    public var asOf: String?
    /// Whether the source marked it stale.
    public var stale: Bool

    /// The reference as the report's JSON.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["source": .string(source.kind.rawValue), "path": .string(path), "value": .string(value)]
        if let tool = source.tool { members["tool"] = .string(tool) }
        if let callID = source.callID { members["call_id"] = .string(callID) }
        if let message = source.message { members["message"] = .integer(message) }
        if let asOf = asOf ?? source.asOf { members["as_of"] = .string(asOf) }
        if stale { members["stale"] = .bool(true) }
        return .object(members)
    }
}
