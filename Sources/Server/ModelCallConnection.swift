import Gateway
import HTTPTypes
import NIOCore
import Wire

/// The connection a model call's answer goes to, as its exchange's task sees it: every write
/// is handed to the connection's event loop, where its ``ModelRouteHandler`` writes it.
struct ModelCallConnection: Sendable {
    /// The connection's handler, reachable only on its loop.
    let handler: NIOLoopBound<ModelRouteHandler>
    /// The connection's event loop.
    let eventLoop: any EventLoop
    /// The call's number on the connection: writes for an answer that has ended go nowhere.
    let call: Int

    /// Writes `answer` to `call`'s app: JSON and errors in one write; a stream's head with its
    /// first events, and its end with its last events, waiting for each write so that a slow
    /// app slows the stream down. A stream whose app has gone closes the connection.
    func write(_ answer: GatewayAnswer, for call: ModelCall) async {
        switch answer {
        case .json(let body):
            let head = HTTPResponse(
                status: .ok, headerFields: [.contentType: "application/json", .requestID: call.requestID, .contentLength: String(body.readableBytes)])
            post(head, body)
        case .error(let error):
            write(error, for: call)
        case .stream(let stream):
            let head = HTTPResponse(
                status: .ok,
                headerFields: [
                    .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .requestID: call.requestID,
                    .requestIDAnthropic: call.requestID, .accelBuffering: "no",
                ])
            let ended = await stream.write { events, isLast in
                try await send(head, events, end: isLast).get()
            }
            if ended {
                // A stream whose last write carried the end has ended already; this is then a no-op.
                _ = send(head, nil, end: true)
            } else {
                abandon()
            }
        }
    }

    /// Writes `error` as the call's whole answer.
    func write(_ error: APIError, for call: ModelCall) {
        var head = error.responseHead(requestID: call.requestID)
        let body = error.responseBody(door: call.route.door)
        head.headerFields[.contentLength] = String(body.readableBytes)
        post(head, body)
    }

    /// Writes a whole answer without waiting for it to be written: nothing follows it.
    private func post(_ head: HTTPResponse, _ body: ByteBuffer) {
        let (handler, number) = (self.handler, self.call)
        if eventLoop.inEventLoop {
            _ = handler.value.send(call: number, head: head, body: body, end: true)
        } else {
            eventLoop.execute { _ = handler.value.send(call: number, head: head, body: body, end: true) }
        }
    }

    private func send(_ head: HTTPResponse, _ body: ByteBuffer?, end: Bool) -> EventLoopFuture<Void> {
        let (handler, eventLoop, number) = (self.handler, self.eventLoop, self.call)
        if eventLoop.inEventLoop {
            return handler.value.send(call: number, head: head, body: body, end: end) ?? eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        return eventLoop.flatSubmit {
            handler.value.send(call: number, head: head, body: body, end: end) ?? eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
    }

    private func abandon() {
        let (handler, number) = (self.handler, self.call)
        eventLoop.execute { handler.value.abandon(call: number) }
    }
}

extension HTTPField.Name {
    /// `x-accel-buffering`: `no` asks proxies in front (nginx) not to buffer a stream.
    static let accelBuffering = HTTPField.Name("x-accel-buffering")!
}
