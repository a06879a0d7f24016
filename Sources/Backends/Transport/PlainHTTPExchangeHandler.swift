import NIOCore
import NIOHTTP1
import Timers

/// The streamed body of a ``PlainHTTPClient`` answer: chunks as the connection reads them,
/// with reading paused while the consumer is behind.
typealias PlainHTTPBody = NIOThrowingAsyncSequenceProducer<
    ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, PlainHTTPBodyDemand
>

/// Why one exchange on a pooled connection failed, and whether any of the answer had arrived
/// (when none had, a connection that had been idle may simply have been closed by the backend).
struct PlainHTTPFailure: Error, Sendable {
    /// What the caller is told.
    var error: TransportError
    /// Whether the answer's head had arrived.
    var answerStarted: Bool
}

/// Runs one exchange at a time on a keep-alive connection: writes the request, reads the
/// answer's head, then collects the body or hands it over as a ``PlainHTTPBody``, and puts the
/// connection back in its pool when the answer is over and the backend keeps it open.
/// Lives on its channel's event loop; every method runs there.
final class PlainHTTPExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// Who waits for an answer, and how it wants it.
    struct Waiter: Sendable {
        var continuation: CheckedContinuation<Result<TransportResponse, PlainHTTPFailure>, Never>
        var stream: Bool
        var maxBodyBytes: Int

        func resume(_ result: Result<TransportResponse, PlainHTTPFailure>) {
            continuation.resume(returning: result)
        }
    }

    private enum State {
        /// No exchange; the connection is in its pool (or about to be).
        case idle
        /// The request went out; no answer yet.
        case awaitingHead(Waiter)
        /// The head arrived; the body is being collected.
        case collecting(Waiter, HTTPResponseHead, ByteBuffer, limit: Int)
        /// The head went to the waiter; the body goes to its stream.
        case streaming(PlainHTTPBody.Source, keepAlive: Bool)
        /// The connection is closed or closing; nothing more happens on it.
        case closed
    }

    private let pool: PlainHTTPConnectionPool
    private let idleTimeout: TimeAmount
    /// The connection this handler serves; weak, since the connection holds the handler.
    weak var connection: PlainHTTPConnection?
    private var context: ChannelHandlerContext?
    private var state = State.idle
    private var deadlineTimer: Scheduled<Void>?
    /// The current exchange's deadlines.
    private var deadlines = PlainHTTPDeadlines(head: .distantFuture, whole: .distantFuture)
    /// How long the connection has been idle in its pool; made when the handler is added.
    private var idleClock: RenewableDeadline?
    /// The current exchange's number, so that a finished one's late word is not taken for it.
    private var exchangeNumber = -1
    /// Whether the stream's consumer wants more; reads wait while it does not.
    private var consumerWantsMore = true
    private var readHeld = false
    /// The last error the pipeline reported, to explain the close that follows it.
    private var lastError: String?

    init(pool: PlainHTTPConnectionPool, idleTimeout: TimeAmount) {
        self.pool = pool
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        idleClock = RenewableDeadline(interval: idleTimeout, loop: context.eventLoop) { [weak self] in
            guard let self, case .idle = self.state else { return }
            self.close()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        idleClock?.cancel()
    }

    /// Writes the request of exchange number `exchange` and waits for its answer; `waiter` is
    /// resumed exactly once.
    func start(exchange: Int, head: HTTPRequestHead, body: ByteBuffer, waiter: Waiter, deadlines: PlainHTTPDeadlines) {
        guard case .idle = state, let context, context.channel.isActive else {
            waiter.resume(.failure(PlainHTTPFailure(error: .connection("the connection was closed"), answerStarted: false)))
            return
        }
        idleClock?.stop()
        resumeReading()
        lastError = nil
        exchangeNumber = exchange
        state = .awaitingHead(waiter)
        self.deadlines = deadlines
        schedule(deadlines.first, in: context)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Arms the exchange's timer for `deadline`; when it fires, the exchange fails with the
    /// deadline that has passed.
    private func schedule(_ deadline: NIODeadline, in context: ChannelHandlerContext) {
        deadlineTimer?.cancel()
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            let awaitingHead = if case .awaitingHead = state { true } else { false }
            fail(deadlines.passed(awaitingHead: awaitingHead, now: deadline) ?? .deadlineExceeded)
        }
    }

    /// Ends exchange number `exchange` because its task was cancelled (nothing, if it is over).
    func cancel(exchange: Int) {
        guard exchange == exchangeNumber else { return }
        fail(.cancelled)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            receive(head)
        case .body(let chunk):
            receive(chunk)
        case .end:
            finishAnswer()
        }
    }

    private func receive(_ head: HTTPResponseHead) {
        guard case .awaitingHead(let waiter) = state else { return }
        if head.status.code < 200 {
            // An interim answer (100 Continue); the real one follows.
            return
        }
        // The head is in: from now on only the whole answer's deadline applies.
        if deadlines.head < deadlines.whole, let context { schedule(deadlines.whole, in: context) }
        if waiter.stream, head.status == .ok {
            let body = PlainHTTPBody.makeSequence(
                elementType: ByteBuffer.self, failureType: (any Error).self,
                backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8), finishOnDeinit: true,
                delegate: PlainHTTPBodyDemand(handler: NIOLoopBound(self, eventLoop: context!.eventLoop), exchange: exchangeNumber))
            state = .streaming(body.source, keepAlive: head.isKeepAlive)
            waiter.resume(.success(TransportResponse(status: head.status, headers: head.headers, body: .stream(TransportBodyStream(source: .plain(body.sequence))))))
            return
        }
        let limit = head.status == .ok ? waiter.maxBodyBytes : TransportResponse.maxErrorBodyBytes
        state = .collecting(waiter, head, context!.channel.allocator.buffer(capacity: 0), limit: limit)
    }

    private func receive(_ chunk: ByteBuffer) {
        switch state {
        case .collecting(let waiter, let head, var body, let limit):
            state = .closed
            if body.readableBytes + chunk.readableBytes > limit {
                if head.status == .ok {
                    end(.failure(PlainHTTPFailure(error: .tooLarge, answerStarted: true)), waiter: waiter)
                } else {
                    // An error answer too long to read is explained by its status alone.
                    end(.success(TransportResponse(status: head.status, headers: head.headers, body: .complete(ByteBuffer()))), waiter: waiter)
                }
                return
            }
            if body.readableBytes == 0 {
                // Most answers arrive in one read: keep its slice rather than copy it.
                body = chunk
            } else {
                var chunk = chunk
                body.writeBuffer(&chunk)
            }
            state = .collecting(waiter, head, body, limit: limit)
        case .streaming(let source, _):
            if case .stopProducing = source.yield(chunk) {
                consumerWantsMore = false
            }
        case .idle, .awaitingHead, .closed:
            break
        }
    }

    private func finishAnswer() {
        switch state {
        case .collecting(let waiter, let head, let body, _):
            // Back in the pool before the waiter runs, so that its next call can take it.
            state = .idle
            answerDone(keepAlive: head.isKeepAlive)
            waiter.resume(.success(TransportResponse(status: head.status, headers: head.headers, body: .complete(body))))
        case .streaming(let source, let keepAlive):
            state = .idle
            answerDone(keepAlive: keepAlive)
            source.finish()
        case .idle, .awaitingHead, .closed:
            break
        }
    }

    /// The answer is over: the connection goes back to its pool, or is closed.
    private func answerDone(keepAlive: Bool) {
        deadlineTimer?.cancel()
        deadlineTimer = nil
        // Reading held for a slow consumer resumes, so that the next answer (or the backend
        // closing the idle connection) is seen.
        resumeReading()
        guard keepAlive, let context, context.channel.isActive, let connection else {
            close()
            return
        }
        idleClock?.start()
        pool.put(connection)
    }

    /// Ends the exchange with `result` and closes the connection.
    private func end(_ result: Result<TransportResponse, PlainHTTPFailure>, waiter: Waiter) {
        waiter.resume(result)
        close()
    }

    /// Fails whatever exchange is under way with `error` and closes the connection.
    private func fail(_ error: TransportError) {
        let current = state
        state = .closed
        switch current {
        case .awaitingHead(let waiter):
            waiter.resume(.failure(PlainHTTPFailure(error: error, answerStarted: false)))
        case .collecting(let waiter, _, _, _):
            waiter.resume(.failure(PlainHTTPFailure(error: Self.midBody(error), answerStarted: true)))
        case .streaming(let source, _):
            source.finish(Self.midBody(error))
        case .idle, .closed:
            break
        }
        close()
    }

    /// A connection that breaks once the answer began has cut it off.
    private static func midBody(_ error: TransportError) -> TransportError {
        if case .connection(let reason) = error { return .cutOff(reason) }
        return error
    }

    private func close() {
        state = .closed
        deadlineTimer?.cancel()
        deadlineTimer = nil
        idleClock?.cancel()
        if let connection { pool.remove(connection) }
        context?.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        lastError = Self.describe(error)
        fail(.connection(lastError ?? "the connection failed"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connection(lastError ?? "the backend closed the connection"))
        context.fireChannelInactive()
    }

    // MARK: Reading at the stream consumer's pace

    func read(context: ChannelHandlerContext) {
        if consumerWantsMore {
            context.read()
        } else {
            readHeld = true
        }
    }

    /// The consumer of exchange `exchange`'s stream caught up: reading resumes.
    func consumerCaughtUp(exchange: Int) {
        guard exchange == exchangeNumber else { return }
        resumeReading()
    }

    private func resumeReading() {
        consumerWantsMore = true
        if readHeld, let context {
            readHeld = false
            context.read()
        }
    }

    /// The consumer of exchange `exchange`'s stream went away; if the body had not ended, the
    /// connection cannot be reused.
    func consumerLeft(exchange: Int) {
        guard exchange == exchangeNumber, case .streaming = state else { return }
        fail(.cancelled)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let parserError as HTTPParserError: "the backend's answer is not valid HTTP (\(parserError))"
        case let ioError as IOError: ioError.description
        default: String(describing: error)
        }
    }
}

/// Tells a ``PlainHTTPExchangeHandler`` when its stream's consumer wants more or has gone.
struct PlainHTTPBodyDemand: NIOAsyncSequenceProducerDelegate {
    let handler: NIOLoopBound<PlainHTTPExchangeHandler>
    /// The exchange whose stream this is.
    let exchange: Int

    func produceMore() {
        let exchange = self.exchange
        onLoop { $0.consumerCaughtUp(exchange: exchange) }
    }

    func didTerminate() {
        let exchange = self.exchange
        onLoop { $0.consumerLeft(exchange: exchange) }
    }

    private func onLoop(_ body: @escaping @Sendable (PlainHTTPExchangeHandler) -> Void) {
        let handler = self.handler
        if handler.eventLoop.inEventLoop {
            body(handler.value)
        } else {
            handler.eventLoop.execute { body(handler.value) }
        }
    }
}
