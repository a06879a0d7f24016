import AsyncHTTPClient
import Logging
import NIOCore
import Wire

/// The client side of MCP's streamable HTTP transport, on AsyncHTTPClient: each message is a
/// POST whose answer is JSON or a server-sent event stream; the session id and the negotiated
/// protocol version are sent back on every later request, and closing sends `DELETE`.
actor StreamableHTTPClientTransport: MCPClientTransport {
    private let url: String
    private let headers: [String: String]
    private let client: HTTPClient
    private let requestTimeout: Duration
    private var sessionID: String?
    private var protocolVersion: String?
    nonisolated let messages: AsyncThrowingStream<[UInt8], any Error>
    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

    /// The largest answer body read.
    static let maximumBodyBytes = 16 << 20

    init(url: String, headers: [String: String], client: HTTPClient, requestTimeout: Duration) {
        self.url = url
        self.headers = headers
        self.client = client
        self.requestTimeout = requestTimeout
        (messages, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
    }

    func close() async {
        continuation.finish()
        guard let sessionID else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .DELETE
        request.headers.add(name: "mcp-session-id", value: sessionID)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        _ = try? await client.execute(request, timeout: .seconds(2))
    }

    func send(_ message: [UInt8]) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "application/json, text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let sessionID { request.headers.add(name: "mcp-session-id", value: sessionID) }
        if let protocolVersion { request.headers.add(name: "mcp-protocol-version", value: protocolVersion) }
        request.body = .bytes(ByteBuffer(bytes: message))
        let seconds = Int64(requestTimeout.components.seconds)
        let response = try await client.execute(request, timeout: .seconds(max(1, seconds)))
        if let id = response.headers.first(name: "mcp-session-id") { sessionID = id }
        guard (200..<300).contains(response.status.code) else {
            let body = try? await response.body.collect(upTo: 64 * 1024)
            throw MCPClientError.protocolViolation("the MCP server answered HTTP \(response.status.code): \(body.map { String(buffer: $0) } ?? "")")
        }
        if response.status.code == 202 { return }
        let contentType = response.headers.first(name: "content-type") ?? ""
        if contentType.hasPrefix("text/event-stream") {
            var parser = ServerSentEventParser()
            for try await chunk in response.body {
                for event in try chunk.withUnsafeReadableBytes({ bytes in try parser.feed(bytes) }) where !event.data.isEmpty {
                    deliver(event.data)
                }
            }
        } else {
            let body = try await response.body.collect(upTo: Self.maximumBodyBytes)
            if body.readableBytes > 0 { deliver(Array(body.readableBytesView)) }
        }
    }

    /// Hands a message to the client, noting the protocol version an initialize result names.
    private func deliver(_ message: [UInt8]) {
        if protocolVersion == nil, let version = (try? JSONValue.parse(message))?["result"]?["protocolVersion"]?.stringValue {
            protocolVersion = version
        }
        continuation.yield(message)
    }
}
