import Wire

/// An answer of the MCP endpoint, independent of the HTTP server that writes it.
public struct MCPReply: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// The response headers (lower-case names).
    public var headers: [String: String]
    /// The JSON body; empty for none.
    public var body: [UInt8]

    /// An answer carrying one JSON-RPC message.
    static func message(_ message: JSONRPCMessage, status: Int = 200, headers: [String: String] = [:]) -> MCPReply {
        MCPReply(status: status, headers: headers.merging(["content-type": "application/json"]) { $1 }, body: message.encoded)
    }

    /// An answer carrying the answers to a batch, as one JSON array.
    static func messages(_ messages: [JSONRPCMessage]) -> MCPReply {
        MCPReply(status: 200, headers: ["content-type": "application/json"], body: JSONValue.array(messages.map(\.json)).encoded)
    }

    /// An HTTP-level refusal: the status and a JSON-RPC error that answers no request.
    static func refusal(_ status: Int, _ error: JSONRPCError, headers: [String: String] = [:]) -> MCPReply {
        message(.error(id: .null, error), status: status, headers: headers)
    }

    /// An answer with no body (`202 Accepted` for a notification, `200` for a closed session).
    static func empty(_ status: Int) -> MCPReply {
        MCPReply(status: status, headers: [:], body: [])
    }
}
