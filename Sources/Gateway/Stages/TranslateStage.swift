import Audit
import Foundation
import NIOCore
import Wire

/// Turns a request that came through another front door (Messages, Responses) into the Chat
/// Completions request the rest of the pipeline reads; a Chat Completions request passes as it is.
public struct TranslateStage: ExchangeStage {
    public let name = "translate"
    private let archive: ResponseArchive

    /// Creates the stage; a follow-up's previous response is read from `archive`.
    public init(archive: ResponseArchive) {
        self.archive = archive
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        switch exchange.door {
        case .chatCompletions:
            return .next
        case .messages:
            exchange.appBody = exchange.body
            exchange.nativeBody = exchange.body
            exchange.body = ByteBuffer(bytes: try MessagesRequestTranslator.chatRequest(Array(exchange.body.readableBytesView)))
            return .next
        case .responses:
            exchange.appBody = exchange.body
            let request = try ResponsesRequest(Array(exchange.body.readableBytesView))
            var turn = ResponsesTurn(
                request: request, object: ResponsesObject(id: Self.responseID(), createdAt: Int(exchange.receivedAt.timeIntervalSince1970), echoed: request.echoed),
                history: [], inheritedLevel: nil)
            if let previous = request.previousResponseID, let tenant = exchange.caller?.tenant {
                let entry = try await archive.load(id: previous, tenant: tenant, param: "previous_response_id")
                turn.history = entry.conversation
                turn.inheritedLevel = entry.level
                // A conversation that once held data of a level keeps it.
                exchange.requestedLevel = max(exchange.requestedLevel ?? entry.level, entry.level)
            }
            exchange.body = ByteBuffer(bytes: request.chatRequest(history: turn.history))
            exchange.responsesTurn = turn
            return .next
        }
    }

    /// A new response id: `resp_` and 128 random bits in hex.
    static func responseID() -> String {
        "resp_" + Hex.random(bytes: 16)
    }
}

