import Logging

/// The one structured log line written per exchange.
struct ExchangeLog {
    let exchange: Exchange

    func emit(to logger: Logger) {
        let finished = exchange.finishedAt ?? .now
        let total = finished - exchange.startedAt
        let upstream = exchange.upstreamTime
        var metadata: Logger.Metadata = [
            "request_id": "\(exchange.id)",
            "operation": "\(exchange.operation.rawValue)",
            "status": "\(exchange.status)",
            "latency_ms": "\(Self.milliseconds(total))",
            "upstream_ms": "\(Self.milliseconds(upstream))",
            "gateway_ms": "\(Self.milliseconds(max(.zero, total - upstream)))",
        ]
        if let caller = exchange.caller {
            metadata["tenant"] = "\(caller.tenant)"
            metadata["key_id"] = "\(caller.keyID)"
        }
        if let request = exchange.request {
            metadata["model"] = "\(request.alias)"
            metadata["stream"] = "\(request.stream)"
        }
        if let backend = exchange.servedBy {
            metadata["backend"] = "\(backend.name)"
            metadata["zone"] = "\(backend.zone.rawValue)"
        }
        if !exchange.attempts.isEmpty {
            metadata["attempts"] = .array(exchange.attempts.map { "\($0.backend):\($0.outcome)" })
        }
        if let code = exchange.errorCode { metadata["error_code"] = "\(code)" }
        if let usage = exchange.usage {
            metadata["tokens_in"] = "\(usage.promptTokens)"
            metadata["tokens_out"] = "\(usage.completionTokens)"
        }
        if let firstByte = exchange.firstByteAt {
            metadata["first_byte_ms"] = "\(Self.milliseconds(firstByte - exchange.startedAt))"
        }
        logger.info("exchange", metadata: metadata)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let microseconds = duration.wholeMicroseconds
        let whole = microseconds / 1000
        let fraction = abs(microseconds % 1000)
        return "\(whole).\(String(fraction).leftPadded(3))"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
