import Logging
import Synchronization
import Tracing

/// A W3C Trace Context tracer. It continues the trace an app started with `traceparent`, and
/// names the current span as the parent in the `traceparent` headers it injects. A finished
/// span goes to the OTLP exporter when one is configured, and is logged (`"msg":"span"`) when
/// the log level is `debug`; when neither wants it, a span records nothing: a client span (or
/// one that starts a trace) costs one small allocation and two counter draws, and any other
/// span keeps its parent's context and costs the allocation alone.
public struct SwitchboardTracer: Tracer {
    public typealias Span = SwitchboardSpan

    private let sink: SpanSink?

    /// Creates a tracer; `logger` logs spans at `debug`, `exporter` sends them over OTLP.
    public init(logger: Logger, exporter: OTLPSpanExporter? = nil) {
        let logs = logger.logLevel <= .debug
        sink = logs || exporter != nil ? SpanSink(logger: logs ? logger : nil, exporter: exporter) : nil
    }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> InstrumentationContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> SwitchboardSpan {
        var context = context()
        let parent = context.traceIdentity
        // Unrecorded, an internal or server span inside a trace is invisible: only a client
        // span's id reaches anyone (in the `traceparent` it sends), so the others keep their
        // parent's context instead of paying for a new one.
        if sink == nil, kind != .client, parent != nil {
            return SwitchboardSpan(context: context, operationName: operationName, recorder: nil)
        }
        let identity = TraceIdentity(traceID: parent?.traceID ?? SpanIDGenerator.traceID(), spanID: SpanIDGenerator.next(), sampled: parent?.sampled ?? true)
        context.traceIdentity = identity
        let recorder = sink.map { SpanRecorder(sink: $0, name: operationName, kind: kind, parentSpanID: parent?.spanID, start: instant().nanosecondsSinceEpoch) }
        return SwitchboardSpan(context: context, operationName: operationName, recorder: recorder)
    }

    /// Whether finished spans go anywhere (the OTLP exporter, or the log at `debug`). When they
    /// do not, an internal span inside a trace is only its parent's context, so callers may skip
    /// making it.
    public var recordsSpans: Bool { sink != nil }

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

/// Where finished spans go: the log, the exporter, or both.
struct SpanSink: Sendable {
    let logger: Logger?
    let exporter: OTLPSpanExporter?

    func take(_ span: FinishedSpan) {
        exporter?.enqueue(span)
        guard let logger else { return }
        var metadata: Logger.Metadata = [
            "trace_id": "\(span.identity.traceID)", "span_id": "\(HexDigits.string(span.identity.spanID))", "name": "\(span.name)",
            "duration_ms": "\(Double(span.endNanoseconds &- span.startNanoseconds) / 1_000_000)",
            "status": "\(span.status.map { $0.code == .ok ? "ok" : "error" } ?? "unset")",
        ]
        if let parent = span.parentSpanID { metadata["parent_span_id"] = "\(HexDigits.string(parent))" }
        if let message = span.status?.message { metadata["status_message"] = "\(message)" }
        span.attributes.forEach { key, value in metadata["attr." + key] = "\(value)" }
        logger.debug("span", metadata: metadata)
    }
}

/// What a recorded span keeps until it ends.
final class SpanRecorder: Sendable {
    private struct State {
        var name: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var ended = false
    }

    private let sink: SpanSink
    private let kind: SpanKind
    private let parentSpanID: UInt64?
    private let start: UInt64
    private let state: Mutex<State>

    init(sink: SpanSink, name: String, kind: SpanKind, parentSpanID: UInt64?, start: UInt64) {
        self.sink = sink
        self.kind = kind
        self.parentSpanID = parentSpanID
        self.start = start
        state = Mutex(State(name: name))
    }

    var name: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    var isEnded: Bool { state.withLock { $0.ended } }

    func setStatus(_ status: SpanStatus) {
        state.withLock { $0.status = status }
    }

    func end(identity: TraceIdentity, at end: UInt64) {
        let ended = state.withLock { state -> State? in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }
        guard let ended else { return }
        sink.take(FinishedSpan(
            identity: identity, parentSpanID: parentSpanID, name: ended.name, kind: kind, startNanoseconds: start, endNanoseconds: end,
            attributes: ended.attributes, status: ended.status))
    }
}

/// A span of ``SwitchboardTracer``. Without a recorder (nobody collects spans) it carries only
/// its identity, for `traceparent`, and ignores what is set on it.
public final class SwitchboardSpan: Tracing.Span {
    public let context: InstrumentationContext
    private let initialName: String
    private let recorder: SpanRecorder?

    init(context: InstrumentationContext, operationName: String, recorder: SpanRecorder?) {
        self.context = context
        initialName = operationName
        self.recorder = recorder
    }

    public var operationName: String {
        get { recorder?.name ?? initialName }
        set { recorder?.name = newValue }
    }

    public var attributes: SpanAttributes {
        get { recorder?.attributes ?? [:] }
        set { recorder?.attributes = newValue }
    }

    public var isRecording: Bool { recorder.map { !$0.isEnded } ?? false }

    public func setStatus(_ status: SpanStatus) {
        recorder?.setStatus(status)
    }

    public func addEvent(_ event: SpanEvent) {}

    public func addLink(_ link: SpanLink) {}

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        recorder?.setStatus(SpanStatus(code: .error, message: "\(error)"))
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard let recorder, let identity = context.traceIdentity else { return }
        recorder.end(identity: identity, at: instant().nanosecondsSinceEpoch)
    }
}
