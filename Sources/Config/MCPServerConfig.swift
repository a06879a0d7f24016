/// An external MCP server whose tools become plugins named `name__tool`.
public struct MCPServerConfig: Sendable, Equatable {
    /// How to reach the server.
    public enum Connection: Sendable, Equatable {
        /// A subprocess speaking MCP over stdin and stdout: the command and its arguments.
        case stdio(command: [String], environment: [String: String])
        /// A streamable HTTP endpoint, with extra request headers (credentials).
        case http(url: String, headers: [String: String])
    }

    /// The namespace: its tools are offered as `name__tool`.
    public var name: String
    /// How to reach it.
    public var connection: Connection
    /// Tools treated as `read` even though the server does not mark them read-only.
    public var readTools: [String]
    /// Tools treated as `write` (approval needed) whatever the server says.
    public var writeTools: [String]
    /// How long connecting and listing its tools may take at start.
    public var connectTimeout: Duration

    /// Creates a server entry.
    public init(name: String, connection: Connection, readTools: [String] = [], writeTools: [String] = [], connectTimeout: Duration = .seconds(10)) {
        self.name = name
        self.connection = connection
        self.readTools = readTools
        self.writeTools = writeTools
        self.connectTimeout = connectTimeout
    }
}
