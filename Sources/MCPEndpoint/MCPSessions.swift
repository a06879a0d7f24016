import Foundation
import Gateway
import Logging
import MCP
import Wire

/// Switchboard's MCP endpoint (`/mcp`, streamable HTTP): one MCP session per `initialize`,
/// bound to the API key that opened it; later requests must carry the session id and the same
/// key. Idle sessions close after ``idleTimeout``.
public actor MCPSessions {
    private struct Session {
        let server: Server
        let transport: StatefulHTTPServerTransport
        let keyID: String
        var lastUsed: Date
    }

    private let gateway: Gateway
    private var sessions: [String: Session] = [:]
    private let logger: Logger
    /// How long a session may stay unused.
    public let idleTimeout: TimeInterval
    /// The most sessions one API key may hold; opening another closes its least recently used.
    public static let sessionsPerKey = 16

    /// Creates the endpoint over `gateway`.
    public init(gateway: Gateway, idleTimeout: TimeInterval = 30 * 60) {
        self.gateway = gateway
        self.idleTimeout = idleTimeout
        logger = gateway.logger
    }

    /// Handles one HTTP request to `/mcp` from an authenticated caller.
    public func handle(method: String, headers: [String: String], body: Data?, caller: Caller) async -> MCPReply {
        closeIdleSessions()
        let request = HTTPRequest(method: method, headers: headers, body: body, path: "/mcp")
        if let id = request.header(HTTPHeaderName.sessionID) {
            guard var session = sessions[id], session.keyID == caller.keyID else {
                return Self.reply(.error(statusCode: 404, .invalidRequest("Not Found: no such MCP session for this key; initialize a new one")))
            }
            session.lastUsed = Date()
            sessions[id] = session
            let response = await session.transport.handleRequest(request)
            if method == "DELETE", response.statusCode == 200 { await close(id) }
            return Self.reply(response)
        }
        let message = body.flatMap { try? JSONValue.parse([UInt8]($0)) }
        if method == "POST", message == nil {
            return Self.reply(.error(statusCode: 400, .parseError("Parse error: the body is not one JSON-RPC message in JSON")))
        }
        guard method == "POST", message?["method"]?.stringValue == "initialize" else {
            return Self.reply(.error(statusCode: 400, .invalidRequest("Bad Request: send initialize first, then the Mcp-Session-Id it returns")))
        }
        return await open(request, caller: caller)
    }

    private func open(_ request: HTTPRequest, caller: Caller) async -> MCPReply {
        let held = sessions.filter { $0.value.keyID == caller.keyID }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (oldest, _) in held.prefix(max(0, held.count - Self.sessionsPerKey + 1)) { await close(oldest) }
        let id = UUID().uuidString
        // The key authenticates every request, and no CORS headers are sent, so Host and Origin
        // checks (meant for unauthenticated local servers) are not needed to stop DNS rebinding.
        let transport = StatefulHTTPServerTransport(
            sessionIDGenerator: FixedSessionID(id: id),
            validationPipeline: StandardValidationPipeline(validators: [
                AcceptHeaderValidator(mode: .sseRequired), ContentTypeValidator(), ProtocolVersionValidator(), SessionValidator(),
            ]))
        let server = await MCPToolServer(gateway: gateway, caller: caller).make()
        do {
            try await server.start(transport: transport)
        } catch {
            return Self.reply(.error(statusCode: 500, .internalError("the MCP session could not start: \(error)")))
        }
        sessions[id] = Session(server: server, transport: transport, keyID: caller.keyID, lastUsed: Date())
        let response = await transport.handleRequest(request)
        if case .error = response {
            await close(id)
        } else {
            logger.info("MCP session opened", metadata: ["tenant": "\(caller.tenant)", "key_id": "\(caller.keyID)", "sessions": "\(sessions.count)"])
        }
        return Self.reply(response)
    }

    private func close(_ id: String) async {
        guard let session = sessions.removeValue(forKey: id) else { return }
        await session.server.stop()
        await session.transport.disconnect()
    }

    private func closeIdleSessions() {
        let cutoff = Date().addingTimeInterval(-idleTimeout)
        for (id, session) in sessions where session.lastUsed < cutoff {
            sessions.removeValue(forKey: id)
            Task {
                await session.server.stop()
                await session.transport.disconnect()
            }
        }
    }

    /// Closes every session.
    public func shutdown() async {
        for id in Array(sessions.keys) { await close(id) }
    }

    private static func reply(_ response: HTTPResponse) -> MCPReply {
        let body: MCPReply.Body =
            switch response {
            case .stream(let stream, _): .stream(stream)
            default: response.bodyData.map(MCPReply.Body.data) ?? .empty
            }
        return MCPReply(status: response.statusCode, headers: response.headers, body: body)
    }
}

/// The session id chosen before the transport exists, so the registry and the transport agree.
private struct FixedSessionID: SessionIDGenerator {
    let id: String
    func generateSessionID() -> String { id }
}
