import Foundation
import Gateway
import Logging
import Wire

/// Switchboard's MCP endpoint (`/mcp`, streamable HTTP): one MCP session per `initialize`,
/// bound to the API key that opened it; later requests must carry the session id and the same
/// key. Each POST carries one JSON-RPC message (or, in a 2025-03-26 session, a batch of them)
/// and a request is answered with one JSON body
/// (the transport lets a server answer with JSON instead of an event stream); the server sends
/// nothing unasked, so `GET` (a stream for server-initiated messages) is `405`. Idle sessions
/// close after ``idleTimeout``. The API key authenticates every request and no CORS headers
/// are sent, so the transport's `Origin` check (meant for unauthenticated local servers, against
/// DNS rebinding) is not needed.
public actor MCPSessions {
    private struct Session {
        let keyID: String
        let protocolVersion: String
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
        let value: JSONValue
        do {
            value = try JSONRPCMessage.document(body)
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
            let endUser = headers["x-switchboard-user"]
            if let elements = value.arrayValue {
                return await batch(elements, session: session, caller: caller, endUser: endUser)
            }
            let message: JSONRPCMessage
            do {
                message = try JSONRPCMessage.message(in: value)
            } catch {
                return .refusal(400, error)
            }
            guard let answer = await answer(message, caller: caller, endUser: endUser) else { return .empty(202) }
            let isInitialize = if case .request(_, "initialize", _) = message { true } else { false }
            return .message(answer, status: isInitialize ? 400 : 200)
        }
        guard case .request(let requestID, "initialize", let params)? = try? JSONRPCMessage.message(in: value) else {
            return .refusal(400, .invalidRequest("Bad Request: send initialize first (one JSON-RPC request), then the Mcp-Session-Id it returns"))
        }
        return open(requestID: requestID, params: params, caller: caller)
    }

    /// The answer to one message of an open session: nil for a notification or a response.
    private func answer(_ message: JSONRPCMessage, caller: Caller, endUser: String?) async -> JSONRPCMessage? {
        guard case .request(let requestID, let method, let params) = message else { return nil }
        if method == "initialize" { return .error(id: requestID, Self.alreadyInitialized) }
        return await server.respond(to: requestID, method: method, params: params, caller: caller, endUser: endUser)
    }

    private static let alreadyInitialized = JSONRPCError.invalidRequest("Invalid Request: this session is already initialized")

    /// A JSON-RPC batch, which MCP allows in its 2025-03-26 revision only: each request is
    /// answered in order, in one JSON array; an element that is not a message gets an error.
    private func batch(_ elements: [JSONValue], session: Session, caller: Caller, endUser: String?) async -> MCPReply {
        guard MCPProtocolVersion.allowsBatches(session.protocolVersion) else {
            return .refusal(400, .invalidRequest("Invalid Request: JSON-RPC batches are part of MCP 2025-03-26 only, and this session speaks \(session.protocolVersion); send one message per request"))
        }
        guard !elements.isEmpty else { return .refusal(400, .invalidRequest("Invalid Request: the batch is empty")) }
        var answers: [JSONRPCMessage] = []
        for element in elements {
            do {
                if let answer = await answer(try JSONRPCMessage.message(in: element), caller: caller, endUser: endUser) { answers.append(answer) }
            } catch {
                answers.append(.error(id: .null, error))
            }
        }
        return answers.isEmpty ? .empty(202) : .messages(answers)
    }

    private func open(requestID: JSONValue, params: JSONValue?, caller: Caller) -> MCPReply {
        let held = sessions.filter { $0.value.keyID == caller.keyID }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        for (oldest, _) in held.prefix(max(0, held.count - Self.sessionsPerKey + 1)) { sessions.removeValue(forKey: oldest) }
        let version = MCPProtocolVersion.negotiate(params?["protocolVersion"]?.stringValue)
        let id = UUID().uuidString
        sessions[id] = Session(keyID: caller.keyID, protocolVersion: version, lastUsed: Date())
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
