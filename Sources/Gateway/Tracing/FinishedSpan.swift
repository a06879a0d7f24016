import Tracing

/// A span that has ended, as it is logged and exported.
public struct FinishedSpan: Sendable {
    /// Its trace and its own id.
    public var identity: TraceIdentity
    /// The span it is a child of, if any.
    public var parentSpanID: UInt64?
    /// Its name (`pipeline`, `inspect` …).
    public var name: String
    /// Its kind.
    public var kind: SpanKind
    /// When it started and ended, in nanoseconds since 1970.
    public var startNanoseconds: UInt64
    /// When it ended.
    public var endNanoseconds: UInt64
    /// Its attributes.
    public var attributes: SpanAttributes
    /// Its status, if one was set.
    public var status: SpanStatus?
}
