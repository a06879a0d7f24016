import Foundation

/// Reads Anthropic error bodies (`{"type":"error","error":{"type","message"}}`) and maps their types to OpenAI's.
enum AnthropicErrorBody {
    /// The OpenAI-style error type and the message of an Anthropic error body; nil if `json` is not one.
    static func details(from json: AnthropicJSON) -> (type: String, message: String)? {
        guard json["type"]?.stringValue == "error", let error = json["error"],
              let message = error["message"]?.stringValue
        else { return nil }
        return (openAIType(for: error["type"]?.stringValue), message)
    }

    /// The OpenAI error type for an Anthropic error type.
    static func openAIType(for anthropicType: String?) -> String {
        switch anthropicType {
        case "invalid_request_error", "not_found_error", "request_too_large": return "invalid_request_error"
        case "authentication_error": return "authentication_error"
        case "permission_error": return "permission_error"
        case "billing_error": return "insufficient_quota"
        case "rate_limit_error": return "rate_limit_error"
        default: return "server_error"
        }
    }
}
