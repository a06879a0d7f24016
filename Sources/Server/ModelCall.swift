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
    /// The headers the call is answered by, read from `head` once.
    let headers: ModelCallHeaders
    /// The app's `x-request-id` when it is a valid id, else a fresh one; echoed on the answer.
    let requestID: String
    /// The whole body, or the error that refuses it.
    let body: Result<ByteBuffer, APIError>

    /// Reads `head`'s headers.
    init(route: ModelRoute, head: HTTPRequest, body: Result<ByteBuffer, APIError>) {
        self.route = route
        self.head = head
        self.body = body
        headers = ModelCallHeaders(head.headerFields)
        requestID = RequestIdentifier.make(from: headers.requestID)
    }

    /// Whether the app asked for the connection to close after the answer.
    var closesConnection: Bool {
        headers.connection?.lowercased() == "close"
    }
}
