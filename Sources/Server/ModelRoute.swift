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
        let route = (path.utf8.firstIndex(of: UInt8(ascii: "?")).map { path[..<$0] } ?? path).utf8
        // Compared as bytes: a `switch` over a substring compares it with each literal as
        // generic text, which showed in the profile of every request.
        guard let known = Self.paths.first(where: { $0.path.count == route.count && $0.path.elementsEqual(route) }) else { return nil }
        self = known.route
    }

    /// Each route's path.
    private static let paths: [(path: String.UTF8View, route: ModelRoute)] = [
        ("/v1/chat/completions".utf8, .chatCompletions), ("/v1/embeddings".utf8, .embeddings),
        ("/v1/messages".utf8, .messages), ("/v1/responses".utf8, .responses),
    ]

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
