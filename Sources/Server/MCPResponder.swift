import Gateway
import HTTPTypes
import Hummingbird
import MCPEndpoint
import NIOCore
import Wire

/// Serves `/mcp` (MCP streamable HTTP) for API keys that may call models: authenticates the
/// key, then hands the request to the caller's MCP session.
struct MCPResponder: Sendable {
    let gateway: Gateway
    let sessions: MCPSessions

    func respond(to request: Request, context: SwitchboardRequestContext) async -> Response {
        let requestID = context.requestID
        let caller: Caller
        do throws(APIError) {
            caller = try context.caller()
            guard caller.role.mayCallModels else {
                throw APIError.permissionDenied("Only app and admin keys may use the MCP endpoint.")
            }
        } catch {
            return error.response(requestID: requestID)
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var body: [UInt8]?
        if request.method == .post {
            let limit = gateway.config.server.maxBodyBytes
            do {
                body = Array(try await request.body.collect(upTo: limit).readableBytesView)
            } catch {
                return APIError.bodyTooLarge(limit: limit).response(requestID: requestID)
            }
        }
        let reply = await sessions.handle(method: request.method.rawValue, headers: headers, body: body, caller: caller)
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        fields[.requestID] = requestID
        let status = HTTPResponse.Status(code: reply.status)
        if reply.body.isEmpty { return Response(status: status, headers: fields) }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
