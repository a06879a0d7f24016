import Tracing

/// A W3C trace id: 128 bits, written as 32 lowercase hex digits.
public struct TraceID: Sendable, Hashable, CustomStringConvertible {
    /// The first 64 bits.
    public var high: UInt64
    /// The last 64 bits.
    public var low: UInt64

    /// Creates an id.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 lowercase hex digits.
    public var description: String { HexDigits.string(high) + HexDigits.string(low) }
}

/// Where a span sits in a W3C Trace Context trace: the trace it belongs to and its own id.
/// Ids are kept as numbers and written as hex only when a header or an export needs them.
public struct TraceIdentity: Sendable, Equatable {
    /// The trace every span of it shares.
    public var traceID: TraceID
    /// This span's own id (never 0).
    public var spanID: UInt64
    /// The sampled flag.
    public var sampled: Bool

    /// Creates an identity.
    public init(traceID: TraceID, spanID: UInt64, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// The `traceparent` header naming this span as the parent.
    public var traceparent: String {
        "00-\(traceID)-\(HexDigits.string(spanID))-\(sampled ? "01" : "00")"
    }

    /// Reads a `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`, ids not all zero).
    public static func parse(traceparent value: String) -> TraceIdentity? {
        let parts = value.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isHexDigit) }),
              let high = UInt64(parts[1].prefix(16), radix: 16), let low = UInt64(parts[1].suffix(16), radix: 16),
              let span = UInt64(parts[2], radix: 16), high != 0 || low != 0, span != 0,
              let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        return TraceIdentity(traceID: TraceID(high: high, low: low), spanID: span, sampled: flags & 1 == 1)
    }
}

/// Lowercase hex of 64-bit ids.
enum HexDigits {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `value` as 16 lowercase hex digits.
    static func string(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                buffer[index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
            }
            return 16
        }
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
