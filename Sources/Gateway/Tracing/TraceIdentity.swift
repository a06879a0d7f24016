import Audit
import Tracing

/// Where a span sits in a W3C Trace Context trace: the trace it belongs to and its own id.
public struct TraceIdentity: Sendable, Equatable {
    /// 32 lowercase hex digits, shared by every span of the trace.
    public var traceID: String
    /// 16 lowercase hex digits, this span's own id.
    public var spanID: String
    /// The sampled flag.
    public var sampled: Bool

    /// Creates an identity.
    public init(traceID: String, spanID: String, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// The `traceparent` header naming this span as the parent.
    public var traceparent: String {
        "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")"
    }

    /// Reads a `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`, ids not all zero).
    public static func parse(traceparent value: String) -> TraceIdentity? {
        let parts = value.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isHexDigit) }),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }),
              let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        return TraceIdentity(traceID: String(parts[1]), spanID: String(parts[2]), sampled: flags & 1 == 1)
    }

}

/// The service-context key under which the current span's identity travels.
enum TraceIdentityKey: InstrumentationContextKey {
    typealias Value = TraceIdentity
}

extension InstrumentationContext {
    /// The identity of the current span, if a trace is active.
    public var traceIdentity: TraceIdentity? {
        get { self[TraceIdentityKey.self] }
        set { self[TraceIdentityKey.self] = newValue }
    }
}
