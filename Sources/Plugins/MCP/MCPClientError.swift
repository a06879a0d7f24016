import Wire

/// Why an MCP conversation failed.
public enum MCPClientError: Error, Sendable, CustomStringConvertible {
    /// The connection ended or could not be opened.
    case connectionClosed(String)
    /// The server answered a request with a JSON-RPC error.
    case server(JSONRPCError)
    /// The server's answer breaks the protocol.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .connectionClosed(let why): "the connection closed: \(why)"
        case .server(let error): "the server answered error \(error.code): \(error.message)"
        case .protocolViolation(let what): "the server broke the MCP protocol: \(what)"
        }
    }
}
