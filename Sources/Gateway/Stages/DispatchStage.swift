import Backends
import Pool
import Tracing
import Wire

/// Sends the request to a backend that may serve it, with fallback and retries, and answers
/// with what the backend answered.
public struct DispatchStage: ExchangeStage {
    public let name = "dispatch"
    private let upstream: any Upstream
    /// The process's instrument, as bootstrapped when the stage was made: it writes the
    /// `traceparent` the backend sees.
    private let instrument: any Instrument

    /// Creates the stage.
    public init(upstream: any Upstream) {
        self.upstream = upstream
        instrument = InstrumentationSystem.instrument
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let request = exchange.request, let model = exchange.model else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "dispatch ran before parse or resolve")
        }
        var forwarded: [(name: String, value: String)] = [("x-request-id", exchange.id)]
        var injected: [String: String] = [:]
        if let context = exchange.traceContext {
            instrument.inject(context, into: &injected, using: TraceHeaders())
        }
        // With a tracer the backend sees this span as its parent; without one, the app's header.
        if let traceparent = injected["traceparent"] ?? exchange.traceparent { forwarded.append(("traceparent", traceparent)) }
        var upstreamRequest = UpstreamRequest(
            operation: exchange.operation, alias: request.alias, body: exchange.body, modelValueRange: request.modelValueRange,
            stream: request.stream, includeUsage: request.includeUsage, forwardedHeaders: forwarded)
        if let tenant = exchange.tenant {
            upstreamRequest.ticket = FairScheduler.Ticket(
                tenant: tenant.name, share: tenant.share, priority: exchange.priority, cost: exchange.lastEstimate?.total ?? 1, maxQueued: tenant.maxQueued)
        }
        // The privacy state's fields are read where they lie: binding it (`if let`) would copy
        // the whole state, vault and inspection included, on every call.
        if exchange.privacy != nil {
            upstreamRequest.allowedZones = exchange.privacy!.decision.zones
            upstreamRequest.allowedRegions = exchange.privacy!.decision.regions
            upstreamRequest.zoneReason = exchange.privacy!.zoneReason
            upstreamRequest.maskedBody = exchange.privacy!.maskedBody
            // Only the first model call of an exchange without a scenario carries the app's
            // request as it was: a scenario's prompt and a tool loop's turns change it.
            if exchange.scenario == nil, exchange.dispatchedCalls == 0 { upstreamRequest.passThrough = exchange.privacy!.passThrough }
        }
        exchange.nativeBody = nil
        // The HTTP client's own span (and the traceparent it sends) continues this trace.
        let upstream = self.upstream
        let sending = upstreamRequest
        let outcome = await InstrumentationContext.$current.withValue(exchange.traceContext) { () async -> Result<DispatchedAnswer, DispatchFailure> in
            do throws(DispatchFailure) {
                return .success(try await upstream.dispatch(sending, model: model))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let dispatched):
            exchange.attempts += dispatched.attempts
            exchange.queueWait += dispatched.queueWait
            exchange.dispatchedCalls += 1
            exchange.servedBy = ServingBackend(name: dispatched.backend, zone: dispatched.zone, upstreamModel: dispatched.upstreamModel)
            exchange.privacy?.sentMasked = upstreamRequest.isMasked(for: dispatched.zone)
            return .answer(dispatched.answer)
        case .failure(let error):
            exchange.attempts += error.attempts
            exchange.queueWait += error.queueWait
            throw UpstreamErrorMapper.apiError(for: error)
        }
    }
}
