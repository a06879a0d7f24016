import Backends
import NIOCore
import Synchronization
import Wire

/// What the gateway answers a model call with; the exchange has been (or, for a stream, will be)
/// recorded before the app gets the end of it.
public enum GatewayAnswer: Sendable {
    /// A JSON answer with status 200.
    case json(ByteBuffer)
    /// An error response.
    case error(APIError)
    /// An event stream; write it with ``AnswerStream/write(_:)``.
    case stream(AnswerStream)
}

/// A streamed answer, ready to be written to the app: running it sends each batch of events as
/// it leaves the response filters, then ends the exchange (log line, metrics, durable audit
/// record) before the stream's end. The batch that ends the answer (`[DONE]` or a failure, and
/// the events that arrived with it) is held and written together with the end, in one write
/// once the record is durable; when the record cannot be stored, that batch is replaced by the
/// `audit_unavailable` error, so an app never sees a finished answer that was not recorded. An
/// answer stream that is dropped unwritten (the app left before the body began) is still
/// recorded, as `client_closed_request`.
public struct AnswerStream: Sendable {
    private let gateway: Gateway
    private let first: UpstreamAnswer
    private let unwritten: UnwrittenExchange
    private let encoder: any AnswerEncoder

    init(gateway: Gateway, exchange: consuming Exchange, first: UpstreamAnswer, encoder: any AnswerEncoder) {
        self.gateway = gateway
        self.first = first
        self.encoder = encoder
        unwritten = UnwrittenExchange(consume exchange, gateway: gateway)
    }

    /// Writes the answer with `write`, then ends the exchange. `write` is told which write is the
    /// last before the stream's end, so that it can go out with the end. Returns false when the
    /// app went away mid-stream (the exchange is recorded all the same), true when the stream may
    /// be ended. `write` runs off the caller's executor (`@concurrent`); it hands the events to
    /// the connection's event loop (`ModelCallConnection` in the server). A nonsending `write`
    /// was tried: it saved no enqueue on a stream and no measurable time.
    public func write(_ write: @concurrent (_ events: ByteBuffer, _ isLast: Bool) async throws -> Void) async -> Bool {
        guard var exchange = unwritten.take() else { return false }
        exchange.firstByteAt = .now
        var encoder = self.encoder
        var appLeft = false
        var ending = ByteBuffer()
        do {
            try await gateway.responseChain.run(first, exchange: &exchange) { events in
                var bytes = ByteBuffer()
                encoder.stream(events, into: &bytes)
                guard bytes.readableBytes > 0 else { return }
                if ending.readableBytes > 0 {
                    // The answer went on after an end (a filter continued it): that end was not the last.
                    try await write(ending, false)
                    ending.clear()
                }
                if events.last?.endsAnswer == true {
                    ending = bytes
                } else {
                    try await write(bytes, false)
                }
            }
        } catch {
            appLeft = true
            exchange.errorCode = exchange.errorCode ?? "client_closed_request"
        }
        var last = ending
        if !appLeft {
            var tail = await encoder.tail(exchange: &exchange)
            last.writeBuffer(&tail)
        }
        exchange.finishedAt = .now
        let auditFailure = await gateway.finish(exchange)
        if appLeft { return false }
        if let auditFailure {
            last.clear()
            encoder.stream([.failure(auditFailure)], into: &last)
        }
        if last.readableBytes > 0 {
            do { try await write(last, true) } catch { return false }
        }
        return true
    }
}

/// The exchange of an answer stream until it is written; ends it as `client_closed_request` if
/// the stream is dropped first, so that no path skips the exchange's record.
private final class UnwrittenExchange: Sendable {
    private let exchange: Mutex<Exchange?>
    private let gateway: Gateway

    init(_ exchange: consuming Exchange, gateway: Gateway) {
        self.exchange = Mutex(consume exchange)
        self.gateway = gateway
    }

    func take() -> Exchange? {
        exchange.withLock { held in held.take() }
    }

    deinit {
        guard var dropped = take() else { return }
        dropped.errorCode = dropped.errorCode ?? "client_closed_request"
        dropped.finishedAt = .now
        let gateway = self.gateway
        let record = dropped
        Task { _ = await gateway.finish(record) }
    }
}
