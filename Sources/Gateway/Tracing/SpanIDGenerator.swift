import Audit

/// Span and trace ids without a system call each (``UniqueBits``); the process's secret seed
/// keeps them unguessable from outside until one is seen.
enum SpanIDGenerator {
    /// A new non-zero 64-bit id.
    static func next() -> UInt64 { UniqueBits.next() }

    /// A new trace id.
    static func traceID() -> TraceID {
        TraceID(high: next(), low: next())
    }
}
