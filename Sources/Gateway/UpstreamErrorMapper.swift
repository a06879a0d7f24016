import Backends
import Wire

/// Says what a backend failure means to the app: the HTTP status, OpenAI error type, stable
/// code, and a message that names the backend and carries the backend's own words.
public enum UpstreamErrorMapper {
    /// The error for a request that found no answer.
    public static func apiError(for failure: DispatchFailure) -> APIError {
        switch failure.kind {
        case .upstream(let upstream):
            return apiError(for: upstream)
        case .noBackendAvailable(let reason):
            return APIError(
                status: 503, type: "api_error", code: "no_available_backend",
                message: "No backend can take this request now (\(reason)). Try again shortly.", retryAfterSeconds: 1)
        case .noAllowedBackend(let reason):
            return APIError(
                status: 503, type: "api_error", code: "no_allowed_backend",
                message: "No backend that may see this request can serve it: \(reason). The request was not sent anywhere else.")
        case .capacityExhausted:
            return APIError(
                status: 429, type: "rate_limit_error", code: "capacity_exhausted",
                message: "Every backend for this model was at capacity for the whole queue timeout (server.queue_timeout). Try again shortly.",
                retryAfterSeconds: 1)
        case .queueFull(let backend, let waiting):
            return APIError(
                status: 429, type: "rate_limit_error", code: "queue_full",
                message: "Your tenant already has \(waiting) requests waiting for the backend '\(backend)', the most it may queue (tenants[].max_queued). Try again shortly.",
                retryAfterSeconds: 1)
        }
    }

    /// The error for one failed attempt (also used for a stream that broke off).
    public static func apiError(for failure: UpstreamFailure) -> APIError {
        let backend = "backend '\(failure.backend)'"
        switch failure.kind {
        case .status(429):
            let seconds = failure.retryAfter.map { max(1, Int(($0.components.seconds))) }
            return APIError(
                status: 429, type: "rate_limit_error", code: "rate_limited",
                message: "The \(backend) is rate limiting requests: \(failure.message)", retryAfterSeconds: seconds ?? 1)
        case .status(let status) where status >= 500:
            return APIError(status: 502, type: "api_error", code: "upstream_error", message: "The \(backend) failed with HTTP \(status): \(failure.message)")
        case .status(let status) where (400..<500).contains(status) && ![401, 403, 407].contains(status):
            return APIError(
                status: status, type: failure.upstreamType ?? "invalid_request_error", code: failure.upstreamCode ?? "upstream_rejected",
                message: "The \(backend) rejected the request: \(failure.message)")
        case .status(let status):
            // A backend that refuses the gateway's own credentials, or answers oddly, is the
            // gateway's problem, not the app's: never pass its 401/403 or a 3xx through.
            return APIError(status: 502, type: "api_error", code: "upstream_error", message: "The \(backend) answered HTTP \(status): \(failure.message)")
        case .connection:
            return APIError(status: 502, type: "api_error", code: "upstream_unreachable", message: "The \(backend) could not be reached: \(failure.message)")
        case .cutOff:
            return APIError(status: 502, type: "api_error", code: "upstream_disconnected", message: "The \(backend) closed the connection early: \(failure.message)")
        case .malformed:
            return APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The \(backend) sent a response that could not be read: \(failure.message)")
        case .tooLarge:
            return APIError(status: 502, type: "api_error", code: "upstream_too_large", message: "The \(backend) sent too large a response: \(failure.message)")
        case .firstByteTimeout, .idleTimeout, .totalTimeout:
            return APIError(status: 504, type: "api_error", code: "upstream_timeout", message: "The \(backend) timed out: \(failure.message)")
        case .unsupported:
            return APIError(
                status: 400, type: "invalid_request_error", code: "unsupported_by_backend",
                message: "The \(backend) cannot serve this request: \(failure.message)", param: failure.param)
        case .cancelled:
            return APIError(status: 499, type: "api_error", code: "client_closed_request", message: "The request was cancelled before it completed.")
        }
    }
}
