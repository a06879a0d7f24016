import Audit
import Logging
import Synchronization
import Tracing

/// A W3C Trace Context tracer that writes each finished span as a structured log line
/// (`"msg":"span"` at debug level, with `trace_id`, `span_id`, `parent_span_id`, `name`,
/// `duration_ms`, `status` and attributes). It continues the trace an app started with
/// `traceparent`, and names the current span as the parent in `traceparent` headers it injects.
public struct LogTracer: Tracer {
    public typealias Span = LogSpan

    private let logger: Logger

    /// Creates a tracer writing to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> InstrumentationContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> LogSpan {
        var context = context()
        let parent = context.traceIdentity
        let identity = TraceIdentity(
            traceID: parent?.traceID ?? Hex.random(bytes: 16), spanID: Hex.random(bytes: 8), sampled: parent?.sampled ?? true)
        context.traceIdentity = identity
        return LogSpan(
            context: context, operationName: operationName, parentSpanID: parent?.spanID, startNanoseconds: instant().nanosecondsSinceEpoch,
            logger: logger)
    }

    public func forceFlush() {}

    public func inject<Carrier, Inject>(_ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Carrier == Inject.Carrier {
        guard let identity = context.traceIdentity else { return }
        injector.inject(identity.traceparent, forKey: "traceparent", into: &carrier)
    }

    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract)
    where Extract: Extractor, Carrier == Extract.Carrier {
        guard let value = extractor.extract(key: "traceparent", from: carrier), let identity = TraceIdentity.parse(traceparent: value) else { return }
        context.traceIdentity = identity
    }
}

/// A span of ``LogTracer``: logged once, when it ends.
public final class LogSpan: Tracing.Span {
    private struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var ended = false
    }

    public let context: InstrumentationContext
    private let parentSpanID: String?
    private let startNanoseconds: UInt64
    private let logger: Logger
    private let state: Mutex<State>

    init(context: InstrumentationContext, operationName: String, parentSpanID: String?, startNanoseconds: UInt64, logger: Logger) {
        self.context = context
        self.parentSpanID = parentSpanID
        self.startNanoseconds = startNanoseconds
        self.logger = logger
        state = Mutex(State(operationName: operationName))
    }

    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    public var isRecording: Bool { !state.withLock { $0.ended } }

    public func setStatus(_ status: SpanStatus) {
        state.withLock { $0.status = status }
    }

    public func addEvent(_ event: SpanEvent) {}

    public func addLink(_ link: SpanLink) {}

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        state.withLock { $0.status = SpanStatus(code: .error, message: "\(error)") }
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let ended = state.withLock { state -> State? in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }
        guard let ended, let identity = context.traceIdentity else { return }
        let end = instant().nanosecondsSinceEpoch
        var metadata: Logger.Metadata = [
            "trace_id": "\(identity.traceID)", "span_id": "\(identity.spanID)", "name": "\(ended.operationName)",
            "duration_ms": "\(Double(end &- startNanoseconds) / 1_000_000)",
            "status": "\(ended.status.map { $0.code == .ok ? "ok" : "error" } ?? "unset")",
        ]
        if let parentSpanID { metadata["parent_span_id"] = "\(parentSpanID)" }
        if let message = ended.status?.message { metadata["status_message"] = "\(message)" }
        ended.attributes.forEach { key, value in metadata["attr." + key] = "\(value)" }
        logger.debug("span", metadata: metadata)
    }
}
