import Logging

/// The one structured log line written per exchange.
enum ExchangeLog {
    /// Writes the exchange's line to `logger`.
    static func emit(_ exchange: borrowing Exchange, to logger: Logger) {
        let finished = exchange.finishedAt ?? .now
        let total = finished - exchange.startedAt
        let upstream = exchange.upstreamTime
        // Sized once for every key below, so that it is never rehashed as it fills.
        var metadata = Logger.Metadata(minimumCapacity: 18)
        metadata["request_id"] = .string(exchange.id)
        metadata["operation"] = .string(exchange.operationName)
        metadata["status"] = .stringConvertible(exchange.status)
        metadata["latency_ms"] = .string(Self.milliseconds(total))
        metadata["upstream_ms"] = .string(Self.milliseconds(upstream))
        metadata["gateway_ms"] = .string(Self.milliseconds(max(.zero, total - upstream)))
        if let caller = exchange.caller {
            metadata["tenant"] = .string(caller.tenant)
            metadata["key_id"] = .string(caller.keyID)
        }
        if let request = exchange.request {
            metadata["model"] = .string(request.alias)
            metadata["stream"] = .string(request.stream ? "true" : "false")
        }
        if let backend = exchange.servedBy {
            metadata["backend"] = .string(backend.name)
            metadata["zone"] = .string(backend.zone.rawValue)
        }
        if !exchange.attempts.isEmpty {
            metadata["attempts"] = .array(exchange.attempts.map { .string($0.backend + ":" + $0.outcome) })
        }
        if let code = exchange.errorCode { metadata["error_code"] = .string(code) }
        if let usage = exchange.usage {
            metadata["tokens_in"] = .stringConvertible(usage.promptTokens)
            metadata["tokens_out"] = .stringConvertible(usage.completionTokens)
        }
        if let firstByte = exchange.firstByteAt {
            metadata["first_byte_ms"] = .string(Self.milliseconds(firstByte - exchange.startedAt))
        }
        logger.info("exchange", metadata: metadata)
    }

    /// `duration` in milliseconds with three decimals (`12.345`), built without intermediate strings.
    static func milliseconds(_ duration: Duration) -> String {
        let microseconds = duration.wholeMicroseconds
        let magnitude = microseconds.magnitude
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var rest = magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0 || digits.count < 4
        digits.insert(UInt8(ascii: "."), at: 3)
        if microseconds < 0 { digits.append(UInt8(ascii: "-")) }
        digits.reverse()
        return String(decoding: digits, as: UTF8.self)
    }
}
