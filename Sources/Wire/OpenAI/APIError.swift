/// An error as an OpenAI API client sees it: an HTTP status and an OpenAI-shaped body.
///
/// Every failure the gateway reports, whatever stage it came from, ends up as one of these, so
/// that the official SDKs raise the matching exception (`AuthenticationError` for 401,
/// `NotFoundError` for 404, and so on). `code` is stable and safe to use as a metric label;
/// `message` says what went wrong and what to do.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// OpenAI's error `type`, e.g. `invalid_request_error`.
    public var type: String
    /// A stable machine-readable code, e.g. `model_not_found`.
    public var code: String
    /// A human-readable explanation.
    public var message: String
    /// The request parameter at fault, when there is one.
    public var param: String?
    /// Seconds after which a retry may succeed; sent as `Retry-After`.
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(status: Int, type: String, code: String, message: String, param: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// The JSON body `{"error": {"message", "type", "param", "code"}}`.
    public var body: [UInt8] {
        var output: [UInt8] = []
        output.append(contentsOf: #"{"error":{"message":"#.utf8)
        JSONStringLiteral.append(message, to: &output)
        output.append(contentsOf: #","type":"#.utf8)
        JSONStringLiteral.append(type, to: &output)
        output.append(contentsOf: #","param":"#.utf8)
        if let param { JSONStringLiteral.append(param, to: &output) } else { output.append(contentsOf: "null".utf8) }
        output.append(contentsOf: #","code":"#.utf8)
        JSONStringLiteral.append(code, to: &output)
        output.append(contentsOf: "}}".utf8)
        return output
    }
}

extension APIError {
    /// 400: the request is not valid JSON or a field is wrong.
    public static func invalidRequest(_ message: String, param: String? = nil, code: String = "invalid_request") -> APIError {
        APIError(status: 400, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// 401: no key, or a key that is unknown or revoked.
    public static func invalidAPIKey(_ message: String) -> APIError {
        APIError(status: 401, type: "authentication_error", code: "invalid_api_key", message: message)
    }

    /// 403: the key's role may not do this.
    public static func permissionDenied(_ message: String) -> APIError {
        APIError(status: 403, type: "permission_error", code: "permission_denied", message: message)
    }

    /// 404: the model alias is unknown to this caller.
    public static func modelNotFound(_ model: String) -> APIError {
        APIError(
            status: 404, type: "invalid_request_error", code: "model_not_found",
            message: "The model '\(model)' does not exist or you do not have access to it. GET /v1/models lists the models this key may use.",
            param: "model")
    }

    /// 404: no such route.
    public static func routeNotFound(_ path: String) -> APIError {
        APIError(status: 404, type: "invalid_request_error", code: "not_found", message: "There is no endpoint at \(path).")
    }

    /// 413: the body is larger than the configured limit.
    public static func bodyTooLarge(limit: Int) -> APIError {
        APIError(
            status: 413, type: "invalid_request_error", code: "request_too_large",
            message: "The request body is larger than the limit of \(limit) bytes (server.max_body_bytes).")
    }
}
