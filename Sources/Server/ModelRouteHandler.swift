import Gateway
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Wire

/// Answers the model routes (``ModelRoute``) on the connection itself, ahead of Hummingbird's
/// router: it collects a model call's body on the event loop, hands the call to the
/// connection's task, and writes the answer straight to the connection. Every other request goes on to Hummingbird.
///
/// A model call is the hot path: taking it here saves it the router's async machinery (its
/// inbound stream, body stream, middleware chain and response writer), about half of what a
/// trivial Hummingbird route costs per request.
///
/// One request is answered at a time, in the order they came: a request that arrives while an
/// earlier one is still being answered (a pipelining client) is held, and reading stops, until
/// the earlier answer has ended. Errors and events that arrive meanwhile are held with it, so
/// Hummingbird sees them in order too.
///
/// It sits after Hummingbird's connection-state handler, which therefore sees every request and
/// answer (for its idle timeout and graceful shutdown). It lives on its channel's event loop,
/// like every channel handler; the connection's model call task (``ModelCallWorker``) reaches
/// it only through that loop (``ModelCallConnection``).
final class ModelRouteHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The request the connection is busy with.
    private enum Current {
        /// None: the next part must be a head.
        case none
        /// Hummingbird has a request; whether its body and its answer have ended.
        case router(requestEnded: Bool, answerEnded: Bool)
        /// A model call whose body is arriving (into ``body``).
        case reading(ModelRoute, HTTPRequest)
        /// A model call being answered: its number on the connection, whether its head has gone
        /// out, and whether the connection closes after it.
        case answering(Int, headWritten: Bool, closesConnection: Bool)
        /// The connection is closing after an answer.
        case closing
    }

    /// What arrived while a request was being answered, kept to be passed on in order.
    private enum Held {
        case part(HTTPRequestPart)
        case error(any Error)
        case event(Any)
    }

    private let responder: ModelCallResponder
    private let maxBodyBytes: Int
    private var current = Current.none
    private var body = ByteBuffer()
    private var bodyTooLarge = false
    private var held = CircularBuffer<Held>()
    private var readHeld = false
    private var date = HTTPDateField()
    /// The number of the last model call answered on this connection.
    private var calls = 0
    private var context: ChannelHandlerContext?
    /// The connection's model call task, made with the first call.
    private var worker: ModelCallWorker?

    /// Creates the handler of one connection; bodies over `maxBodyBytes` are refused with 413.
    init(responder: ModelCallResponder, maxBodyBytes: Int) {
        self.responder = responder
        self.maxBodyBytes = maxBodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        worker?.finish()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if held.isEmpty, !isBusy {
            take(part, context: context)
        } else {
            held.append(.part(part))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if held.isEmpty, !isBusy {
            handle(error, context: context)
        } else {
            held.append(.error(error))
        }
    }

    private func handle(_ error: any Error, context: ChannelHandlerContext) {
        guard case .reading(let route, let head) = current else {
            context.fireErrorCaught(error)
            return
        }
        // The model call's bytes broke off mid-request: it is refused (and recorded), and the
        // connection closes after the answer.
        body = ByteBuffer()
        let unreadable = APIError.invalidRequest("The request body could not be read: \(error).", code: "unreadable_body")
        start(ModelCall(route: route, head: head, body: .failure(unreadable)), closesConnection: true, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if held.isEmpty, !isBusy {
            context.fireUserInboundEventTriggered(event)
        } else {
            held.append(.event(event))
        }
    }

    /// Whether a new request must wait for the one being answered.
    private var isBusy: Bool {
        switch current {
        case .none, .reading: false
        case .router(let requestEnded, _): requestEnded
        case .answering, .closing: true
        }
    }

    private func take(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (current, part) {
        case (.none, .head(let head)):
            if let route = ModelRoute(path: head.path?[...] ?? "") {
                current = .reading(route, head)
                body.clear()
                bodyTooLarge = false
                if head.headerFields[.expect]?.lowercased() == "100-continue" {
                    // curl waits a second for this before it sends a body over 1 KiB.
                    context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
                }
            } else {
                current = .router(requestEnded: false, answerEnded: false)
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.none, _):
            // A body with no head: Hummingbird's connection loop refuses it.
            context.fireChannelRead(wrapInboundOut(part))
        case (.router(_, let answerEnded), _):
            context.fireChannelRead(wrapInboundOut(part))
            if case .end = part {
                if answerEnded { current = .none } else { current = .router(requestEnded: true, answerEnded: false) }
            }
        case (.reading, .body(let bytes)):
            collect(bytes)
        case (.reading(let route, let head), .end):
            let taken: Result<ByteBuffer, APIError> = bodyTooLarge ? .failure(.bodyTooLarge(limit: maxBodyBytes)) : .success(body)
            body = ByteBuffer()
            start(ModelCall(route: route, head: head, body: taken), closesConnection: false, context: context)
        case (.reading, .head):
            // The decoder ends a request before the next head; anything else is a broken stream.
            context.close(promise: nil)
        case (.answering, _), (.closing, _):
            held.append(.part(part))
        }
    }

    private func collect(_ bytes: ByteBuffer) {
        guard !bodyTooLarge else { return }
        if body.readableBytes + bytes.readableBytes > maxBodyBytes {
            bodyTooLarge = true
            body = ByteBuffer()
            return
        }
        if body.readableBytes == 0 {
            body = bytes
        } else {
            var bytes = bytes
            body.writeBuffer(&bytes)
        }
    }

    private func start(_ call: consuming ModelCall, closesConnection: Bool, context: ChannelHandlerContext) {
        calls += 1
        current = .answering(calls, headWritten: false, closesConnection: closesConnection || call.closesConnection)
        let connection = ModelCallConnection(handler: NIOLoopBound(self, eventLoop: context.eventLoop), eventLoop: context.eventLoop, call: calls)
        guard call.head.method == .post else {
            let refusal = APIError(
                status: 405, type: "invalid_request_error", code: "method_not_allowed",
                message: "\(call.head.method) is not allowed on \(call.head.path ?? ""); send the call with POST.")
            connection.write(refusal, for: call)
            return
        }
        if worker == nil { worker = ModelCallWorker(responder: responder) }
        worker?.submit(ModelCallWorker.Work(call: call, connection: connection))
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .router(let requestEnded, _) = current, case .end = unwrapOutboundIn(data) else { return }
        if requestEnded {
            current = .none
            // Held requests go on once Hummingbird's write has returned, not from inside it.
            if !held.isEmpty || readHeld {
                let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                context.eventLoop.execute { handler.value.releaseHeld() }
            }
        } else {
            current = .router(requestEnded: false, answerEnded: true)
        }
    }

    func read(context: ChannelHandlerContext) {
        if held.isEmpty {
            context.read()
        } else {
            readHeld = true
        }
    }

    /// Writes part of model call `number`'s answer: the head (with `Date` and `Server`) if it has
    /// not gone out yet, then `body`, then the end if `end`; flushed. The future completes when
    /// the last of them is written; nil when the connection has closed or that answer has ended.
    func send(call number: Int, head: HTTPResponse, body: ByteBuffer?, end: Bool) -> EventLoopFuture<Void>? {
        guard let context, case .answering(number, let headWritten, let closesConnection) = current else { return nil }
        let promise = context.eventLoop.makePromise(of: Void.self)
        if !headWritten {
            var head = head
            head.headerFields[.date] = date.now()
            head.headerFields[.server] = "switchboard"
            let last = !end && body == nil
            context.write(wrapOutboundOut(.head(head)), promise: last ? promise : nil)
            current = .answering(number, headWritten: true, closesConnection: closesConnection)
        }
        if let body {
            context.write(wrapOutboundOut(.body(body)), promise: end ? nil : promise)
        }
        if end {
            context.write(wrapOutboundOut(.end(nil)), promise: promise)
        }
        context.flush()
        if end { answered(closesConnection: closesConnection, written: promise.futureResult, context: context) }
        return promise.futureResult
    }

    /// Closes the connection: model call `number`'s app left mid-answer.
    func abandon(call number: Int) {
        guard case .answering(number, _, _) = current else { return }
        current = .closing
        context?.close(promise: nil)
    }

    private func answered(closesConnection: Bool, written: EventLoopFuture<Void>, context: ChannelHandlerContext) {
        if closesConnection {
            current = .closing
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
            return
        }
        current = .none
        releaseHeld()
    }

    /// Passes on what arrived while the last request was answered, until a request makes the
    /// connection busy again; reading resumes once nothing is held.
    private func releaseHeld() {
        guard let context else { return }
        var passedParts = false
        while !isBusy, let next = held.popFirst() {
            switch next {
            case .part(let part):
                take(part, context: context)
                passedParts = true
            case .error(let error):
                handle(error, context: context)
            case .event(let event):
                context.fireUserInboundEventTriggered(event)
            }
        }
        if passedParts { context.fireChannelReadComplete() }
        if held.isEmpty, readHeld {
            readHeld = false
            context.read()
        }
    }
}
