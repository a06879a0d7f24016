import HTTPTypes
import Hummingbird
import NIOCore
import Wire

/// Turns every error that escapes a route (unknown paths, wrong methods, anything thrown) into
/// an OpenAI-shaped error response, so clients never see a bare HTML or text error.
struct OpenAIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response(requestID: request.headers[.requestID])
        } catch let error as HTTPError {
            let apiError: APIError =
                switch error.status {
                case .notFound: .routeNotFound(request.uri.path)
                case .methodNotAllowed:
                    APIError(status: 405, type: "invalid_request_error", code: "method_not_allowed", message: "\(request.method) is not allowed on \(request.uri.path).")
                case .contentTooLarge: APIError(status: 413, type: "invalid_request_error", code: "request_too_large", message: error.body ?? "The request body is too large.")
                default:
                    APIError(status: Int(error.status.code), type: "invalid_request_error", code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
                }
            return apiError.response(requestID: request.headers[.requestID])
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            return APIError(status: 500, type: "api_error", code: "internal_error", message: "An internal error occurred; the request id is in the x-request-id header.")
                .response(requestID: request.headers[.requestID])
        }
    }
}
