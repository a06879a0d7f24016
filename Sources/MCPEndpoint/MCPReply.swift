import Foundation

/// An answer of the MCP endpoint, independent of the HTTP server that writes it.
public struct MCPReply: Sendable {
    /// The body of the answer.
    public enum Body: Sendable {
        /// No body.
        case empty
        /// A complete body.
        case data(Data)
        /// A server-sent event stream.
        case stream(AsyncThrowingStream<Data, Error>)
    }

    /// The HTTP status.
    public var status: Int
    /// The response headers.
    public var headers: [String: String]
    /// The body.
    public var body: Body
}
