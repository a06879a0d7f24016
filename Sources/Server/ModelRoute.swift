import Backends
import Gateway

/// A path that calls a model (`POST /v1/chat/completions`, `/v1/embeddings`, `/v1/messages`,
/// `/v1/responses`): what it asks the backend for, and which front door's shapes it speaks.
enum ModelRoute: Sendable, Equatable {
    case chatCompletions
    case embeddings
    case messages
    case responses

    /// The route of `path` (its query, if any, left off), or nil when the path calls no model.
    init?(path: Substring) {
        let route = path.firstIndex(of: "?").map { path[..<$0] } ?? path
        switch route {
        case "/v1/chat/completions": self = .chatCompletions
        case "/v1/embeddings": self = .embeddings
        case "/v1/messages": self = .messages
        case "/v1/responses": self = .responses
        default: return nil
        }
    }

    /// What the exchange asks the backend for.
    var operation: UpstreamRequest.Operation {
        self == .embeddings ? .embeddings : .chatCompletions
    }

    /// The front door whose request and answer shapes the route speaks.
    var door: FrontDoor {
        switch self {
        case .chatCompletions, .embeddings: .chatCompletions
        case .messages: .messages
        case .responses: .responses
        }
    }
}
