import Backends
import Tracing
import Wire

/// One step of the request side of an exchange: reads and writes the ``Exchange``, then lets
/// the next stage run, answers by itself (an intent's answer, the backend's answer), or stops
/// the request with an ``APIError`` the app will see.
public protocol ExchangeStage: Sendable {
    /// A short name for logs and traces, e.g. `authenticate`.
    var name: String { get }
    /// Does the stage's one job.
    func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome
}

/// What a stage decided.
public enum StageOutcome: Sendable {
    /// Go on to the next stage.
    case next
    /// This is the answer; the stages after this one do not run.
    case answer(UpstreamAnswer)
}

/// An ordered chain of stages.
public struct Pipeline: Sendable {
    /// The pipeline's span name: `pipeline`, or `tool_step` for a step of the tool loop.
    public let name: String
    /// The stages in order.
    public let stages: [any ExchangeStage]
    /// The process's tracer, as bootstrapped when the pipeline was made.
    private let tracer: any Tracer
    /// Whether each stage gets a span of its own: false when the tracer records nothing, since
    /// an unrecorded stage span would only be the pipeline span's context.
    private let spansStages: Bool

    /// Creates a pipeline that traces with the tracer bootstrapped now (``InstrumentationSystem``).
    public init(name: String = "pipeline", stages: [any ExchangeStage]) {
        self.name = name
        self.stages = stages
        tracer = InstrumentationSystem.tracer
        spansStages = (tracer as? SwitchboardTracer)?.recordsSpans ?? true
    }

    /// Runs the stages in order until one answers, each in its own span (children of a span
    /// named ``name`` that continues the app's `traceparent`, or, for a tool-loop step, of the
    /// first pass's span). The first error stops the chain and is recorded on the exchange.
    public func run(_ exchange: inout Exchange) async throws(APIError) -> UpstreamAnswer {
        var parent = exchange.pipelineContext ?? InstrumentationContext.topLevel
        if exchange.pipelineContext == nil, let traceparent = exchange.traceparent {
            tracer.extract(["traceparent": traceparent], into: &parent, using: TraceHeaders())
        }
        let pipelineSpan = tracer.startSpan(name, context: parent, ofKind: exchange.pipelineContext == nil ? .server : .internal)
        if pipelineSpan.isRecording { pipelineSpan.attributes["request_id"] = exchange.id }
        if exchange.pipelineContext == nil { exchange.pipelineContext = pipelineSpan.context }
        defer { pipelineSpan.end() }
        // Without stage spans the stages run in the pipeline span's context.
        if !spansStages { exchange.traceContext = pipelineSpan.context }
        for stage in stages {
            let span = spansStages ? tracer.startSpan(stage.name, context: pipelineSpan.context, ofKind: .internal) : nil
            if let span { exchange.traceContext = span.context }
            do {
                let outcome = try await stage.process(&exchange)
                span?.end()
                if case .answer(let answer) = outcome { return answer }
            } catch {
                span?.setStatus(SpanStatus(code: .error, message: error.code))
                span?.end()
                pipelineSpan.setStatus(SpanStatus(code: .error, message: error.code))
                exchange.recordError(error)
                throw error
            }
        }
        let error = APIError(status: 500, type: "api_error", code: "internal_error", message: "The pipeline ended without an answer.")
        pipelineSpan.setStatus(SpanStatus(code: .error, message: error.code))
        exchange.recordError(error)
        throw error
    }
}
