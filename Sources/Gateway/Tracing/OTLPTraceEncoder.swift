import Tracing
import Wire

/// Writes spans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (opentelemetry-proto
/// `trace/v1`): ids as lowercase hex, times as decimal strings of nanoseconds, kinds and status
/// codes as their enum numbers.
enum OTLPTraceEncoder {
    /// The request body for `spans`, from the service `serviceName`.
    static func encode(_ spans: [FinishedSpan], serviceName: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + spans.count * 320)
        out += Array(#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"#.utf8)
        JSONStringLiteral.append(serviceName, to: &out)
        out += Array(#"}}]},"scopeSpans":[{"scope":{"name":"switchboard"},"spans":["#.utf8)
        for (index, span) in spans.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(span, to: &out)
        }
        out += Array("]}]}]}".utf8)
        return out
    }

    private static func append(_ span: FinishedSpan, to out: inout [UInt8]) {
        out += Array(#"{"traceId":""#.utf8)
        out += Array(span.identity.traceID.description.utf8)
        out += Array(#"","spanId":""#.utf8)
        out += Array(HexDigits.string(span.identity.spanID).utf8)
        out += Array(#"","#.utf8)
        if let parent = span.parentSpanID {
            out += Array(#""parentSpanId":""#.utf8)
            out += Array(HexDigits.string(parent).utf8)
            out += Array(#"","#.utf8)
        }
        out += Array(#""name":"#.utf8)
        JSONStringLiteral.append(span.name, to: &out)
        out += Array(#","kind":\#(kindNumber(span.kind)),"startTimeUnixNano":"\#(span.startNanoseconds)","endTimeUnixNano":"\#(span.endNanoseconds)","attributes":["#.utf8)
        var first = true
        span.attributes.forEach { key, value in
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out += Array(#"{"key":"#.utf8)
            JSONStringLiteral.append(key, to: &out)
            out += Array(#","value":"#.utf8)
            appendValue(value, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += Array("]".utf8)
        if let status = span.status {
            out += Array(#","status":{"code":\#(status.code == .ok ? 1 : 2)"#.utf8)
            if let message = status.message {
                out += Array(#","message":"#.utf8)
                JSONStringLiteral.append(message, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func appendValue(_ value: SpanAttribute, to out: inout [UInt8]) {
        switch value {
        case .int32(let number): out += Array(#"{"intValue":"\#(number)"}"#.utf8)
        case .int64(let number): out += Array(#"{"intValue":"\#(number)"}"#.utf8)
        case .double(let number) where number.isFinite: out += Array(#"{"doubleValue":\#(number)}"#.utf8)
        case .bool(let flag): out += Array(#"{"boolValue":\#(flag)}"#.utf8)
        case .string(let text):
            out += Array(#"{"stringValue":"#.utf8)
            JSONStringLiteral.append(text, to: &out)
            out.append(UInt8(ascii: "}"))
        default:
            out += Array(#"{"stringValue":"#.utf8)
            JSONStringLiteral.append("\(value)", to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// OTLP's `Span.SpanKind`: internal 1, server 2, client 3, producer 4, consumer 5.
    private static func kindNumber(_ kind: SpanKind) -> Int {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }
}
