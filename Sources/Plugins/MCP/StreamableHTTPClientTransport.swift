import AsyncHTTPClient
import Foundation
import Logging
import MCP
import NIOCore
import Wire

/// The client side of MCP's streamable HTTP transport, on AsyncHTTPClient: each message is a
/// POST whose answer is JSON or a server-sent event stream; the session id and the negotiated
/// protocol version are sent back on every later request. (The SDK's own HTTP client transport
/// cannot read event streams on Linux.)
actor StreamableHTTPClientTransport: Transport {
    nonisolated let logger: Logger
    private let url: String
    private let headers: [String: String]
    private let client: HTTPClient
    private let requestTimeout: Duration
    private var sessionID: String?
    private var protocolVersion: String?
    private let incoming: AsyncThrowingStream<Data, Error>
    private let continuation: AsyncThrowingStream<Data, Error>.Continuation

    init(url: String, headers: [String: String], client: HTTPClient, requestTimeout: Duration, logger: Logger) {
        self.url = url
        self.headers = headers
        self.client = client
        self.requestTimeout = requestTimeout
        self.logger = logger
        (incoming, continuation) = AsyncThrowingStream<Data, Error>.makeStream()
    }

    func connect() async throws {}

    func disconnect() async {
        continuation.finish()
        guard let sessionID else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .DELETE
        request.headers.add(name: "mcp-session-id", value: sessionID)
        _ = try? await client.execute(request, timeout: .seconds(2))
    }

    func receive() -> AsyncThrowingStream<Data, Error> { incoming }

    func send(_ data: Data) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "application/json, text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let sessionID { request.headers.add(name: "mcp-session-id", value: sessionID) }
        if let protocolVersion { request.headers.add(name: "mcp-protocol-version", value: protocolVersion) }
        request.body = .bytes(ByteBuffer(bytes: data))
        let seconds = Int64(requestTimeout.components.seconds)
        let response = try await client.execute(request, timeout: .seconds(max(1, seconds)))
        if let id = response.headers.first(name: "mcp-session-id") { sessionID = id }
        guard (200..<300).contains(response.status.code) else {
            let body = try? await response.body.collect(upTo: 64 * 1024)
            throw MCPError.internalError("the MCP server answered HTTP \(response.status.code): \(body.map { String(buffer: $0) } ?? "")")
        }
        if response.status.code == 202 { return }
        let contentType = response.headers.first(name: "content-type") ?? ""
        if contentType.hasPrefix("text/event-stream") {
            var parser = ServerSentEventParser()
            for try await chunk in response.body {
                for event in try chunk.withUnsafeReadableBytes({ bytes in try parser.feed(bytes) }) where !event.data.isEmpty {
                    deliver(Data(event.data))
                }
            }
        } else {
            let body = try await response.body.collect(upTo: 16 << 20)
            if body.readableBytes > 0 { deliver(Data(body.readableBytesView)) }
        }
    }

    /// Hands a message to the client, noting the protocol version an initialize result names.
    private func deliver(_ message: Data) {
        if protocolVersion == nil, let version = (try? JSONValue.parse([UInt8](message)))?["result"]?["protocolVersion"]?.stringValue {
            protocolVersion = version
        }
        continuation.yield(message)
    }
}
