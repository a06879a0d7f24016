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
        if let firstByte = exchange.firstByteAt { fields.add("first_byte_ms", millisecondsOf: (firstByte - exchange.startedAt).wholeMicroseconds) }
        fields.add("gateway_ms", millisecondsOf: max(.zero, total - upstream).wholeMicroseconds)
        if let caller = exchange.caller { fields.add("key_id", caller.keyID) }
        fields.add("latency_ms", millisecondsOf: total.wholeMicroseconds)
        if let request = exchange.request { fields.add("model", request.alias) }
        fields.add("operation", exchange.operationName)
        fields.add("request_id", exchange.id)
        fields.add("status", decimal: exchange.status)
        if let request = exchange.request { fields.add("stream", request.stream ? "true" : "false") }
        if let caller = exchange.caller { fields.add("tenant", caller.tenant) }
        if let usage = exchange.usage {
            fields.add("tokens_in", decimal: usage.promptTokens)
            fields.add("tokens_out", decimal: usage.completionTokens)
        }
        fields.add("upstream_ms", millisecondsOf: upstream.wholeMicroseconds)
        if let backend = exchange.servedBy { fields.add("zone", backend.zone.rawValue) }
        return fields
    }

    /// `duration` in milliseconds with three decimals (`12.345`).
    static func milliseconds(_ duration: Duration) -> String {
        var digits: [UInt8] = []
        JSONLogFields.appendMilliseconds(microseconds: duration.wholeMicroseconds, to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }
}
