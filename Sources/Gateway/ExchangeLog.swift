import Logging
import Wire

/// The one structured log line written per exchange.
///
/// Its fields go to the handler already encoded (``JSONLogFields``), in key order: the line is
/// written on every request, and a metadata dictionary of up to seventeen entries, filled and
/// then sorted by the handler, cost more than the rest of the line.
enum ExchangeLog {
    /// Writes the exchange's line to `logger`.
    static func emit(_ exchange: borrowing Exchange, to logger: Logger) {
        guard logger.logLevel <= .info else { return }
        let fields = fields(of: exchange)
        logger.info("exchange", metadata: [JSONLogFields.metadataKey: .stringConvertible(fields)])
    }

    /// The line's fields, in key order.
    static func fields(of exchange: borrowing Exchange) -> JSONLogFields {
        let finished = exchange.finishedAt ?? .now
        let total = finished - exchange.startedAt
        let upstream = exchange.upstreamTime
        var fields = JSONLogFields()
        if !exchange.attempts.isEmpty { fields.add("attempts", exchange.attempts.map { $0.backend + ":" + $0.outcome }) }
        if let backend = exchange.servedBy { fields.add("backend", backend.name) }
        if let code = exchange.errorCode { fields.add("error_code", code) }
        if let firstByte = exchange.firstByteAt { fields.add("first_byte_ms", digits: millisecondDigits(firstByte - exchange.startedAt)) }
        fields.add("gateway_ms", digits: millisecondDigits(max(.zero, total - upstream)))
        if let caller = exchange.caller { fields.add("key_id", caller.keyID) }
        fields.add("latency_ms", digits: millisecondDigits(total))
        if let request = exchange.request { fields.add("model", request.alias) }
        fields.add("operation", exchange.operationName)
        fields.add("request_id", exchange.id)
        fields.add("status", digits: decimalDigits(exchange.status))
        if let request = exchange.request { fields.add("stream", request.stream ? "true" : "false") }
        if let caller = exchange.caller { fields.add("tenant", caller.tenant) }
        if let usage = exchange.usage {
            fields.add("tokens_in", digits: decimalDigits(usage.promptTokens))
            fields.add("tokens_out", digits: decimalDigits(usage.completionTokens))
        }
        fields.add("upstream_ms", digits: millisecondDigits(upstream))
        if let backend = exchange.servedBy { fields.add("zone", backend.zone.rawValue) }
        return fields
    }

    /// `duration` in milliseconds with three decimals (`12.345`).
    static func milliseconds(_ duration: Duration) -> String {
        String(decoding: millisecondDigits(duration), as: UTF8.self)
    }

    /// ``milliseconds(_:)`` as ASCII digits, built without intermediate strings.
    private static func millisecondDigits(_ duration: Duration) -> [UInt8] {
        let microseconds = duration.wholeMicroseconds
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var rest = microseconds.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0 || digits.count < 4
        digits.insert(UInt8(ascii: "."), at: 3)
        if microseconds < 0 { digits.append(UInt8(ascii: "-")) }
        digits.reverse()
        return digits
    }

    /// `value` in decimal ASCII digits.
    private static func decimalDigits(_ value: Int) -> [UInt8] {
        Array(String(value).utf8)
    }
}
