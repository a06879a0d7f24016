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
/// record) before the stream's end. An answer stream that is dropped unwritten (the app left
/// before the body began) is still recorded, as `client_closed_request`.
public struct AnswerStream: Sendable {
    private let gateway: Gateway
    private let first: UpstreamAnswer
    private let unwritten: UnwrittenExchange

    init(gateway: Gateway, exchange: Exchange, first: UpstreamAnswer) {
        self.gateway = gateway
        self.first = first
        unwritten = UnwrittenExchange(exchange, gateway: gateway)
    }

    /// Writes the answer with `write`, then ends the exchange. Returns false when the app went
    /// away mid-stream (the exchange is recorded all the same), true when the stream may be ended.
    public func write(_ write: (ByteBuffer) async throws -> Void) async -> Bool {
        guard var exchange = unwritten.take() else { return false }
        exchange.firstByteAt = .now
        var appLeft = false
        do {
            try await gateway.responseChain.run(first, exchange: &exchange) { events in
                var bytes = ByteBuffer()
                for event in events { event.writeStreamed(to: &bytes) }
                try await write(bytes)
            }
        } catch {
            appLeft = true
            exchange.errorCode = exchange.errorCode ?? "client_closed_request"
        }
        exchange.finishedAt = .now
        let auditFailure = await gateway.finish(exchange)
        if appLeft { return false }
        if let auditFailure {
            var event = ByteBuffer()
            ResponseEvent.failure(auditFailure).writeStreamed(to: &event)
            do { try await write(event) } catch { return false }
        }
        return true
    }
}

/// The exchange of an answer stream until it is written; ends it as `client_closed_request` if
/// the stream is dropped first, so that no path skips the exchange's record.
private final class UnwrittenExchange: Sendable {
    private let exchange: Mutex<Exchange?>
    private let gateway: Gateway

    init(_ exchange: Exchange, gateway: Gateway) {
        self.exchange = Mutex(exchange)
        self.gateway = gateway
    }

    func take() -> Exchange? {
        exchange.withLock { held in
            defer { held = nil }
            return held
        }
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
