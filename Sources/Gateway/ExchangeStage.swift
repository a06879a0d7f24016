import Tracing
import Wire

/// One step of the request pipeline: reads and writes the ``Exchange``, or stops the request
/// with an ``APIError`` the app will see.
public protocol ExchangeStage: Sendable {
    /// A short name for logs and traces, e.g. `authenticate`.
    var name: String { get }
    /// Does the stage's one job.
    func process(_ exchange: inout Exchange) async throws(APIError)
}

/// An ordered chain of stages.
public struct Pipeline: Sendable {
    /// The stages in order.
    public let stages: [any ExchangeStage]

    /// Creates a pipeline.
    public init(stages: [any ExchangeStage]) {
        self.stages = stages
    }

    /// Runs every stage in order, each in its own span (children of a `pipeline` span that
    /// continues the app's `traceparent`); the first error stops the chain and is recorded on
    /// the exchange.
    public func run(_ exchange: inout Exchange) async throws(APIError) {
        let tracer = InstrumentationSystem.tracer
        var parent = InstrumentationContext.topLevel
        if let traceparent = exchange.traceparent {
            InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &parent, using: TraceHeaders())
        }
        let pipelineSpan = tracer.startSpan("pipeline", context: parent, ofKind: .server)
        pipelineSpan.attributes["request_id"] = exchange.id
        defer { pipelineSpan.end() }
        for stage in stages {
            let span = tracer.startSpan(stage.name, context: pipelineSpan.context, ofKind: .internal)
            exchange.traceContext = span.context
            do {
                try await stage.process(&exchange)
                span.end()
                // An intent answered without a model: nothing is left to resolve or dispatch.
                if exchange.directAnswer != nil { break }
            } catch {
                span.setStatus(SpanStatus(code: .error, message: error.code))
                span.end()
                pipelineSpan.setStatus(SpanStatus(code: .error, message: error.code))
                exchange.recordError(error)
                throw error
            }
        }
    }
}
