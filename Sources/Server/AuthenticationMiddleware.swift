import Gateway
import HTTPTypes
import Hummingbird
import Wire

/// Gives every request its request id and, on the routes that take API keys (`/v1/…`,
/// `/admin/…`, `/mcp`), authenticates the bearer key and puts the outcome on the context. It
/// refuses nothing itself: each route checks the role it needs, and a model call's refusal is
/// recorded in the audit trail like any other exchange.
struct AuthenticationMiddleware: RouterMiddleware {
    let authenticator: APIKeyAuthenticator

    @concurrent func handle(
        _ request: Request, context: SwitchboardRequestContext, next: @concurrent (Request, SwitchboardRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestID = RequestIdentifier.make(from: request.headers[.requestID])
        if Self.takesKeys(request.uri.path) {
            do throws(APIError) {
                context.authentication = .success(try await authenticator.authenticate(authorization: Self.authorization(request.headers)))
            } catch {
                context.authentication = .failure(error)
            }
        }
        return try await next(request, context)
    }

    /// The `Authorization` header, or an `x-api-key` (Anthropic's SDKs) as a bearer token.
    static func authorization(_ headers: HTTPFields) -> String? {
        authorization(header: headers[.authorization], apiKey: headers[.apiKey])
    }

    /// The `Authorization` header's value, or else an `x-api-key` value as a bearer token.
    static func authorization(header: String?, apiKey: String?) -> String? {
        header ?? apiKey.map { "Bearer " + $0 }
    }

    private static func takesKeys(_ path: String) -> Bool {
        path.hasPrefix("/v1/") || path.hasPrefix("/admin/") || path == "/mcp"
    }
}
