import Config
import Foundation
import Wire

/// The message, type and code a backend put in an error response, in whichever of the shapes
/// backends use: OpenAI's `{"error": {...}}`, Anthropic's `{"type": "error", ...}`, vLLM's
/// `{"object": "error", "message": ...}`, FastAPI's `{"detail": ...}`, or plain text.
struct UpstreamErrorDetails {
    var message: String?
    var type: String?
    var code: String?

    init(body: Data, kind: BackendKind) {
        if kind == .anthropic, let details = AnthropicResponseTranslator.errorDetails(fromErrorBody: body) {
            message = details.message
            type = details.type
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? nil : text
            return
        }
        if let error = object["error"] as? [String: Any] {
            message = error["message"] as? String
            type = error["type"] as? String
            code = (error["code"] as? String) ?? (error["code"] as? Int).map(String.init)
        } else if let error = object["error"] as? String {
            message = error
        } else if let text = object["message"] as? String {
            message = text
        } else if let detail = object["detail"] {
            message = (detail as? String) ?? String(describing: detail)
        }
    }
}
