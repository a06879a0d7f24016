import Foundation
import Gateway
import Logging
import Wire

/// Switchboard's MCP endpoint (`/mcp`, streamable HTTP): one MCP session per `initialize`,
/// bound to the API key that opened it; later requests must carry the session id and the same
/// key. Each POST carries one JSON-RPC message and a request is answered with one JSON body
/// (the transport lets a server answer with JSON instead of an event stream); the server sends
/// nothing unasked, so `GET` (a stream for server-initiated messages) is `405`. Idle sessions
/// close after ``idleTimeout``. The API key authenticates every request and no CORS headers
/// are sent, so the transport's `Origin` check (meant for unauthenticated local servers, against
/// DNS rebinding) is not needed.
public actor MCPSessions {
    private struct Session {
        let keyID: String
        var lastUsed: Date
    }

    private let server: MCPToolServer
    private var sessions: [String: Session] = [:]
    private let logger: Logger
    /// How long a session may stay unused.
    public let idleTimeout: TimeInterval
    /// The most sessions one API key may hold; opening another closes its least recently used.
    public static let sessionsPerKey = 16

    /// The header naming the session.
    static let sessionHeader = "mcp-session-id"
    /// The header naming the negotiated protocol revision.
    static let protocolVersionHeader = "mcp-protocol-version"

    /// Creates the endpoint over `gateway`.
    public init(gateway: Gateway, idleTimeout: TimeInterval = 30 * 60) {
        server = MCPToolServer(gateway: gateway)
        self.idleTimeout = idleTimeout
        logger = gateway.logger
    }

    /// Handles one HTTP request to `/mcp` from an authenticated caller; `headers` have
    /// lower-case names.
    public func handle(method: String, headers: [String: String], body: [UInt8]?, caller: Caller) async -> MCPReply {
        closeIdleSessions()
        switch method {
        case "GET":
            return .refusal(405, .invalidRequest("Method Not Allowed: this server sends no messages unasked; POST requests"), headers: ["allow": "POST, DELETE"])
        case "DELETE":
            guard let id = headers[Self.sessionHeader] else {
                return .refusal(400, .invalidRequest("Bad Request: name the session to close in Mcp-Session-Id"))
            }
            guard sessions[id]?.keyID == caller.keyID else { return Self.noSuchSession }
            sessions.removeValue(forKey: id)
            logger.info("MCP session closed", metadata: ["tenant": "\(caller.tenant)", "key_id": "\(caller.keyID)", "sessions": "\(sessions.count)"])
            return .empty(200)
        case "POST":
            return await post(headers: headers, body: body ?? [], caller: caller)
        default:
            return .refusal(405, .invalidRequest("Method Not Allowed: use POST or DELETE"), headers: ["allow": "POST, DELETE"])
        }
    }

    private static let noSuchSession = MCPReply.refusal(404, .invalidRequest("Not Found: no such MCP session for this key; initialize a new one"))

    private func post(headers: [String: String], body: [UInt8], caller: Caller) async -> MCPReply {
        let accept = headers["accept"] ?? ""
        guard accept.contains("application/json") || accept.contains("*/*") else {
            return .refusal(406, .invalidRequest("Not Acceptable: the Accept header must include application/json"))
        }
        guard (headers["content-type"] ?? "").lowercased().hasPrefix("application/json") else {
            return .refusal(415, .invalidRequest("Unsupported Media Type: send the message as application/json"))
        }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(body)
        } catch {
            return .refusal(400, error)
        }
        if let id = headers[Self.sessionHeader] {
            guard var session = sessions[id], session.keyID == caller.keyID else { return Self.noSuchSession }
            if let version = headers[Self.protocolVersionHeader], !MCPProtocolVersion.supported.contains(version) {
                return .refusal(400, .invalidRequest("Bad Request: unsupported MCP-Protocol-Version \(version); this server speaks \(MCPProtocolVersion.supported.joined(separator: ", "))"))
            }
            session.lastUsed = Date()
            sessions[id] = session
            guard case .request(let requestID, let method, let params) = message else { return .empty(202) }
            if method == "initialize" {
                return .message(.error(id: requestID, .invalidRequest("Invalid Request: this session is already initialized")), status: 400)
            }
            let answer = await server.respond(to: requestID, method: method, params: params, caller: caller, endUser: headers["x-switchboard-user"])
            return .message(answer)
        }
        guard case .request(let requestID, "initialize", let params) = message else {
            return .refusal(400, .invalidRequest("Bad Request: send initialize first, then the Mcp-Session-Id it returns"))
        }
        return open(requestID: requestID, params: params, caller: caller)
    }

    private func open(requestID: JSONValue, params: JSONValue?, caller: Caller) -> MCPReply {
        let held = sessions.filter { $0.value.keyID == caller.keyID }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (oldest, _) in held.prefix(max(0, held.count - Self.sessionsPerKey + 1)) { sessions.removeValue(forKey: oldest) }
        let version = MCPProtocolVersion.negotiate(params?["protocolVersion"]?.stringValue)
        let id = UUID().uuidString
        sessions[id] = Session(keyID: caller.keyID, lastUsed: Date())
        logger.info(
            "MCP session opened",
            metadata: ["tenant": "\(caller.tenant)", "key_id": "\(caller.keyID)", "protocol_version": "\(version)", "sessions": "\(sessions.count)"])
        return .message(.result(id: requestID, MCPToolServer.initializeResult(protocolVersion: version)), headers: [Self.sessionHeader: id])
    }

    private func closeIdleSessions() {
        let cutoff = Date().addingTimeInterval(-idleTimeout)
        sessions = sessions.filter { $0.value.lastUsed >= cutoff }
    }
}
