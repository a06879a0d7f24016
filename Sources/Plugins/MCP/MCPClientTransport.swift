/// A connection to an MCP server that carries whole JSON-RPC messages both ways.
protocol MCPClientTransport: Sendable {
    /// The server's messages, in order; the stream ends when the connection does.
    var messages: AsyncThrowingStream<[UInt8], any Error> { get }
    /// Sends one message.
    func send(_ message: [UInt8]) async throws
    /// Ends the connection.
    func close() async
}
