import NIOCore
import NIOHTTP1
import NIOPosix
import Tracing

/// Model calls to an `http://` backend over HTTP/1.1, with keep-alive connections pooled per
/// event loop and used from the calling task's own loop (as nginx and Envoy do), so that a call
/// that finds an idle connection makes no thread hop. A connection that the backend closed
/// while it was idle is replaced once, when no byte of the answer had arrived.
final class PlainHTTPClient: UpstreamTransport {
    /// Where a backend listens, read from an `http://host[:port][/path]` URL.
    struct Address: Sendable, Equatable {
        var host: String
        var port: Int
        /// The path the request paths go below, without a trailing `/` (may be empty).
        var basePath: String

        /// The `host` header's value.
        var hostHeader: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return port == 80 ? name : "\(name):\(port)"
        }

        /// Reads `url`; nil unless it is a plain `http://` URL without user information,
        /// query or fragment.
        init?(url: String) {
            guard url.lowercased().hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" }
            var path = String(rest.dropFirst(authority.count))
            guard !authority.isEmpty, !authority.contains("@"), !path.contains("?"), !path.contains("#") else { return nil }
            while path.hasSuffix("/") { path.removeLast() }
            let hostPart: Substring
            let portPart: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                guard after.isEmpty || after.hasPrefix(":") else { return nil }
                portPart = after.isEmpty ? nil : after.dropFirst()
            } else if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
                portPart = nil
            }
            guard !hostPart.isEmpty else { return nil }
            var port = 80
            if let portPart {
                guard let parsed = Int(portPart), (1...65535).contains(parsed) else { return nil }
                port = parsed
            }
            self.host = String(hostPart)
            self.port = port
            self.basePath = path
        }
    }

    private let address: Address
    /// The `host` header's value, made once.
    private let hostHeader: String
    private let group: any EventLoopGroup
    private let connectTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let pool: PlainHTTPConnectionPool
    private let tracer: any Tracer

    /// A client for the backend at `address`, whose connections live on `group`'s loops.
    init(address: Address, group: any EventLoopGroup, connectTimeout: Duration, idleTimeout: Duration = .seconds(60), maxIdlePerLoop: Int) {
        self.address = address
        hostHeader = address.hostHeader
        self.group = group
        self.connectTimeout = .nanoseconds(connectTimeout.nanoseconds)
        self.idleTimeout = .nanoseconds(idleTimeout.nanoseconds)
        pool = PlainHTTPConnectionPool(maxIdlePerLoop: maxIdlePerLoop)
        tracer = InstrumentationSystem.tracer
    }

    func send(_ request: TransportRequest, headDeadline: NIODeadline, deadline: NIODeadline, maxBodyBytes: Int) async throws(TransportError) -> TransportResponse {
        var headers = request.headers
        headers.replaceOrAdd(name: "host", value: hostHeader)
        headers.replaceOrAdd(name: "content-length", value: String(request.body.readableBytes))
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: address.basePath + request.path, headers: headers)
        // The client span lasts until the answer's head, as AsyncHTTPClient's does.
        let span = tracer.startSpan("POST", ofKind: .client)
        // An unrecorded span's attributes go nowhere; making them would cost a dictionary each.
        if span.isRecording {
            span.attributes["http.request.method"] = "POST"
            span.attributes["server.address"] = address.host
            span.attributes["server.port"] = address.port
            span.attributes["url.path"] = head.uri
        }
        defer { span.end() }
        do {
            let deadlines = PlainHTTPDeadlines(head: headDeadline, whole: deadline)
            let response = try await send(head, body: request.body, stream: request.stream, deadlines: deadlines, maxBodyBytes: maxBodyBytes)
            if span.isRecording { span.attributes["http.response.status_code"] = Int(response.status.code) }
            if response.status.code >= 400 { span.setStatus(SpanStatus(code: .error)) }
            return response
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    private func send(_ head: HTTPRequestHead, body: ByteBuffer, stream: Bool, deadlines: PlainHTTPDeadlines, maxBodyBytes: Int) async throws(TransportError) -> TransportResponse {
        // `any()` is the calling thread's own loop when the task runs on one.
        let loop = group.any()
        if let idle = pool.take(on: loop) {
            do {
                return try await exchange(on: idle, head: head, body: body, stream: stream, deadlines: deadlines, maxBodyBytes: maxBodyBytes)
            } catch let failure where !failure.answerStarted && Self.isConnectionLoss(failure.error) {
                // The backend closed the idle connection; a fresh one gets the request.
            } catch {
                throw error.error
            }
        }
        guard !Task.isCancelled else { throw .cancelled }
        let connection = try await connect(on: loop, deadlines: deadlines)
        do {
            return try await exchange(on: connection, head: head, body: body, stream: stream, deadlines: deadlines, maxBodyBytes: maxBodyBytes)
        } catch {
            throw error.error
        }
    }

    func shutdown() async {
        await pool.closeAll()
    }

    private static func isConnectionLoss(_ error: TransportError) -> Bool {
        if case .connection = error { true } else { false }
    }

    private func exchange(
        on connection: PlainHTTPConnection, head: HTTPRequestHead, body: ByteBuffer, stream: Bool, deadlines: PlainHTTPDeadlines, maxBodyBytes: Int
    ) async throws(PlainHTTPFailure) -> TransportResponse {
        guard !Task.isCancelled else { throw PlainHTTPFailure(error: .cancelled, answerStarted: false) }
        let number = connection.nextExchange()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<TransportResponse, PlainHTTPFailure>, Never>) in
                let waiter = PlainHTTPExchangeHandler.Waiter(continuation: continuation, stream: stream, maxBodyBytes: maxBodyBytes)
                connection.onLoop { $0.start(exchange: number, head: head, body: body, waiter: waiter, deadlines: deadlines) }
            }
        } onCancel: {
            connection.onLoop { $0.cancel(exchange: number) }
        }
        if case .failure = result, Task.isCancelled {
            throw PlainHTTPFailure(error: .cancelled, answerStarted: false)
        }
        return try result.get()
    }

    private func connect(on loop: any EventLoop, deadlines: PlainHTTPDeadlines) async throws(TransportError) -> PlainHTTPConnection {
        let pool = self.pool
        let idleTimeout = self.idleTimeout
        let timeout = min(connectTimeout, max(.zero, deadlines.first - .now()))
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(leftOverBytesStrategy: .fireError)
                    try channel.pipeline.syncOperations.addHandler(PlainHTTPExchangeHandler(pool: pool, idleTimeout: idleTimeout))
                }
            }
        do {
            return try await bootstrap.connect(host: address.host, port: address.port).flatMapThrowing { channel in
                let handler = try channel.pipeline.syncOperations.handler(type: PlainHTTPExchangeHandler.self)
                let connection = PlainHTTPConnection(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
                handler.connection = connection
                return connection
            }.get()
        } catch is CancellationError {
            throw .cancelled
        } catch ChannelError.connectTimeout {
            throw deadlines.passed(awaitingHead: true) ?? .connection("could not connect to \(hostHeader) within timeouts.connect")
        } catch {
            throw .connection("could not connect to \(hostHeader): \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let connectionError = error as? NIOConnectionError, let first = connectionError.connectionErrors.first {
            return String(describing: first.error)
        }
        return String(describing: error)
    }
}
