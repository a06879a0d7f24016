import Backends
import Wire

/// Sends the request to a backend that may serve it, with fallback and retries, and puts the
/// answer on the exchange.
public struct DispatchStage: ExchangeStage {
    public let name = "dispatch"
    private let dispatcher: Dispatcher

    /// Creates the stage.
    public init(dispatcher: Dispatcher) {
        self.dispatcher = dispatcher
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) {
        guard let request = exchange.request, let model = exchange.model else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "dispatch ran before parse or resolve")
        }
        var forwarded: [(name: String, value: String)] = [("x-request-id", exchange.id)]
        if let traceparent = exchange.traceparent { forwarded.append(("traceparent", traceparent)) }
        let upstreamRequest = UpstreamRequest(
            operation: exchange.operation, alias: request.alias, body: exchange.body, modelValueRange: request.modelValueRange,
            stream: request.stream, includeUsage: request.includeUsage, forwardedHeaders: forwarded)
        do {
            let dispatched = try await dispatcher.dispatch(upstreamRequest, model: model)
            exchange.attempts = dispatched.attempts
            if case .complete(_, let usage) = dispatched.answer { exchange.usage = usage }
            exchange.dispatched = dispatched
        } catch {
            exchange.attempts = error.attempts
            throw UpstreamErrorMapper.apiError(for: error)
        }
    }
}
