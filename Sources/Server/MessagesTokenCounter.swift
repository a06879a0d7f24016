import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import Pool
import Wire

/// Serves `POST /v1/messages/count_tokens`: the gateway's estimate of a Messages request's
/// input tokens (the one admission uses, which errs high), said to be one in the
/// `x-switchboard-token-count: estimate` header. No model sees the request.
struct MessagesTokenCounter: Sendable {
    let gateway: Gateway

    func respond(to request: Request, context: SwitchboardRequestContext) async -> Response {
        let requestID = context.requestID
        do throws(APIError) {
            let caller = try context.modelCaller()
            let body = try await request.collectBody(upTo: gateway.config.server.maxBodyBytes)
            let chat = try MessagesRequestTranslator.chatRequest(Self.withMaxTokens(Array(body.readableBytesView)))
            let parsed = (try? JSONValue.parse(chat)) ?? .null
            guard let alias = parsed["model"]?.stringValue else { throw APIError.invalidRequest("The field 'model' is required.", param: "model") }
            _ = try gateway.catalog.resolve(alias: alias, tenant: caller.tenant)
            var counted: [UInt8] = []
            parsed["messages"]?.encode(into: &counted)
            parsed["tools"]?.encode(into: &counted)
            let tokens = TokenEstimate.tokens(utf8: counted)
            return Response(
                status: .ok, headers: [.contentType: "application/json", .requestID: requestID, .tokenCount: "estimate"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(["input_tokens": .integer(tokens)]).encoded)))
        } catch {
            return error.response(requestID: requestID, door: .messages)
        }
    }

    /// count_tokens takes no `max_tokens`; the translation wants one.
    private static func withMaxTokens(_ body: [UInt8]) throws(APIError) -> [UInt8] {
        guard case .object(var fields) = try? JSONValue.parse(body) else { return body }
        fields["max_tokens"] = fields["max_tokens"] ?? .integer(1)
        return JSONValue.object(fields).encoded
    }
}

extension HTTPField.Name {
    /// Says that a token count is the gateway's estimate.
    static let tokenCount = HTTPField.Name("x-switchboard-token-count")!
}
