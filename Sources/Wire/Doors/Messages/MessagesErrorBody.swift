/// Errors in the Anthropic Messages API's shape: `{"type":"error","error":{"type","message"}}`.
public enum MessagesErrorBody {
    /// The body for `error`.
    public static func body(for error: APIError) -> [UInt8] {
        JSONValue.object([
            "type": .string("error"),
            "error": .object(["type": .string(anthropicType(for: error)), "message": .string(error.message)]),
        ]).encoded
    }

    /// Anthropic's error type for an error, by its status as Anthropic's API assigns them.
    static func anthropicType(for error: APIError) -> String {
        switch error.status {
        case 400, 422: "invalid_request_error"
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503, 529: "overloaded_error"
        case 504: "timeout_error"
        default: "api_error"
        }
    }
}
