import NIOCore
import Wire

/// Turns a request that came through another front door (Messages, Responses) into the Chat
/// Completions request the rest of the pipeline reads; a Chat Completions request passes as it is.
public struct TranslateStage: ExchangeStage {
    public let name = "translate"

    /// Creates the stage.
    public init() {}

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        switch exchange.door {
        case .chatCompletions:
            return .next
        case .messages:
            exchange.body = ByteBuffer(bytes: try MessagesRequestTranslator.chatRequest(Array(exchange.body.readableBytesView)))
            return .next
        case .responses:
            throw APIError(status: 501, type: "api_error", code: "not_implemented", message: "The Responses API is not served yet.")
        }
    }
}
