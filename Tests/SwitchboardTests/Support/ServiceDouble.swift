import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A stand-in for one of the institution's own HTTP services (an order system, a CRM) on a
/// free port of 127.0.0.1: it records every request, answers with a scripted JSON body after
/// an optional delay, and tracks the most requests it was serving at once.
final class ServiceDouble: Sendable {
    /// One request as received.
    struct Received: Sendable {
        var headers: [String: String]
        var body: String
        /// The request target: path and query.
        var uri: String = ""
    }

    /// What the double has seen, shared with its request handler.
    private final class Log: Sendable {
        struct State {
            var received: [Received] = []
            var inFlight = 0
            var maxInFlight = 0
        }

        let state = Mutex(State())
    }

    private let log = Log()
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    let port: Int

    /// Starts the double at `path`; `reply` makes the JSON answer from the request.
    init(path: String = "/call", delay: Duration = .zero, reply: @escaping @Sendable (Received) -> String) async throws {
        let log = self.log
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let received = Received(headers: headers, body: body, uri: request.uri.description)
            log.state.withLock {
                $0.received.append(received)
                $0.inFlight += 1
                $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
            }
            if delay > .zero { try? await Task.sleep(for: delay) }
            log.state.withLock { $0.inFlight -= 1 }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: reply(received))))
        }
        router.post(RouterPath(path), use: handler)
        router.get(RouterPath(path), use: handler)
        let server = await LocalServer.start(router, name: "service-double")
        task.withLock { $0 = server.task }
        port = server.port
    }

    /// The URL plugins call.
    var url: String { "http://127.0.0.1:\(port)/call" }

    /// The requests received so far.
    var received: [Received] { log.state.withLock { $0.received } }

    /// The most requests served at the same time.
    var maxInFlight: Int { log.state.withLock { $0.maxInFlight } }

    /// Stops the server.
    func stop() {
        task.withLock { $0?.cancel() }
    }
}
