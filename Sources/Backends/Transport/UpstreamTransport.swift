import NIOCore
import NIOHTTP1

/// How a backend's HTTP requests travel: ``PlainHTTPClient`` for `http://` backends, and
/// AsyncHTTPClient (``AsyncHTTPClientTransport``) for `https://` ones and wherever else it is chosen.
protocol UpstreamTransport: Sendable {
    /// Sends `request` and waits for the answer's head and, unless a stream was asked for and
    /// the status is 200, its whole body; fails with ``TransportError/headTimeout`` when the head
    /// has not arrived by `headDeadline`, and with ``TransportError/deadlineExceeded`` when
    /// `deadline` passes first (for a stream, `deadline` bounds the whole body).
    func send(_ request: TransportRequest, headDeadline: NIODeadline, deadline: NIODeadline, maxBodyBytes: Int) async throws(TransportError) -> TransportResponse

    /// Closes every connection.
    func shutdown() async
}

/// One POST to a backend.
struct TransportRequest: Sendable {
    /// The path below the backend's URL, starting with `/` (`/chat/completions`, `/v1/messages`).
    var path: String
    /// The headers to send, besides `host` and `content-length`.
    var headers: HTTPHeaders
    /// The JSON body.
    var body: ByteBuffer
    /// Whether the answer is wanted as a stream.
    var stream: Bool
}

/// A backend's answer: its status, its headers, and its body.
struct TransportResponse: Sendable {
    /// What the body is.
    enum Body: Sendable {
        /// The whole body (always, unless a stream was asked for and the status is 200).
        case complete(ByteBuffer)
        /// The body as it arrives.
        case stream(TransportBodyStream)
    }

    /// The status.
    var status: HTTPResponseStatus
    /// The headers.
    var headers: HTTPHeaders
    /// The body.
    var body: Body

    /// The most of an error answer's body that is read; the rest is not needed to explain it.
    static let maxErrorBodyBytes = 64 << 10
}

/// Why a transport could not deliver an answer.
enum TransportError: Error, Sendable {
    /// The connection could not be made, or broke before the answer's head arrived.
    case connection(String)
    /// The answer's head did not arrive by its deadline.
    case headTimeout
    /// The deadline passed first.
    case deadlineExceeded
    /// The body is larger than the limit.
    case tooLarge
    /// The connection broke while the body was being read.
    case cutOff(String)
    /// The task was cancelled.
    case cancelled
}

extension TransportError {
    /// What happened, for people.
    var reason: String {
        switch self {
        case .connection(let reason), .cutOff(let reason): reason
        case .headTimeout: "no answer by the deadline for its head"
        case .deadlineExceeded: "the deadline passed"
        case .tooLarge: "the body is too large"
        case .cancelled: "cancelled"
        }
    }
}
