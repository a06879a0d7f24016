import NIOCore
import Privacy
import Wire

/// A turn filter for model calls that carried the masked request: puts the real values back
/// where the model wrote their pseudonyms, in a JSON answer or across a stream's chunks, and
/// counts what it restored (and pseudonyms the model made up) on the exchange.
struct PseudonymRestoreFilter: ResponseFilter {
    private var restoration: StreamRestoration
    private var counted = (restored: 0, invented: 0)

    init(vault: PseudonymVault) {
        restoration = StreamRestoration(vault: vault)
    }

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        switch event {
        case .completion(let body):
            var restorer = restoration.restorer
            let restored = body.withUnsafeReadableBytes { CompletionRestoration.restore($0, restorer: &restorer) }
            exchange.privacy?.restored += restorer.restored
            exchange.privacy?.invented += restorer.invented
            output.append(.completion(ByteBuffer(bytes: restored)))
        case .chunk(let chunk):
            restore(chunk, exchange: &exchange, into: &output)
        case .done:
            restore(ServerSentEvent(data: Array("[DONE]".utf8)), exchange: &exchange, into: &output)
        case .failure:
            output.append(event)
        }
    }

    mutating func end(exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) -> ResponseFilterEnd {
        var held: [ServerSentEvent] = []
        restoration.finish(into: &held)
        output += held.map(ResponseEvent.init(streamed:))
        count(on: &exchange)
        return .ended
    }

    private mutating func restore(_ event: ServerSentEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) {
        var restored: [ServerSentEvent] = []
        restoration.restore(event, into: &restored)
        output += restored.map(ResponseEvent.init(streamed:))
        count(on: &exchange)
    }

    /// Adds what was restored since the last count to the exchange's totals.
    private mutating func count(on exchange: inout Exchange) {
        let restored = restoration.restorer.restored
        let invented = restoration.restorer.invented
        exchange.privacy?.restored += restored - counted.restored
        exchange.privacy?.invented += invented - counted.invented
        counted = (restored, invented)
    }
}

/// Adds a ``PseudonymRestoreFilter`` to every model call that was sent the masked request.
struct PseudonymRestoreFilterFactory: ResponseFilterFactory {
    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? {
        guard let privacy = exchange.privacy, privacy.sentMasked else { return nil }
        return PseudonymRestoreFilter(vault: privacy.vault)
    }
}
