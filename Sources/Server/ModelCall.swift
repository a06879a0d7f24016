import Gateway
import HTTPTypes
import NIOCore
import Wire

/// One model call as it arrived on a connection: its route, its head, and its body or the
/// reason the body could not be taken (too large).
struct ModelCall: Sendable {
    /// The path it was sent to.
    let route: ModelRoute
    /// The request head as the app sent it.
    let head: HTTPRequest
    /// The app's `x-request-id` when it is a valid id, else a fresh one; echoed on the answer.
    let requestID: String
    /// The whole body, or the error that refuses it.
    let body: Result<ByteBuffer, APIError>

    /// Reads `head`'s request id.
    init(route: ModelRoute, head: HTTPRequest, body: Result<ByteBuffer, APIError>) {
        self.route = route
        self.head = head
        self.body = body
        requestID = RequestIdentifier.make(from: head.headerFields[.requestID])
    }

    /// The `Authorization` header, or an `x-api-key` (Anthropic's SDKs) as a bearer token.
    var authorization: String? {
        AuthenticationMiddleware.authorization(head.headerFields)
    }

    /// Whether the app asked for the connection to close after the answer.
    var closesConnection: Bool {
        head.headerFields[.connection]?.lowercased() == "close"
    }
}
