import Audit
import Foundation

/// One finished exchange as operators watch it: who, under which scenario, at what data level,
/// where it went, how it ended and what it cost. Never any content.
public struct ExchangeSummary: Sendable, Equatable {
    /// Where the exchange's data went.
    public enum Destination: String, Sendable, Equatable, CaseIterable {
        /// To a backend in the private zone.
        case privateZone = "private"
        /// Outside the house, with every value found masked.
        case outMasked = "out_masked"
        /// Outside the house as sent (nothing needed masking).
        case outClear = "out_clear"
        /// Nowhere: refused or answered before any model call.
        case nowhere
    }

    /// The request id.
    public var requestID: String
    /// When the request arrived.
    public var receivedAt: Date
    /// The operation (`chat/completions`, `embeddings`, `mcp/tools/call`).
    public var operation: String
    /// The tenant, once authenticated ("" before).
    public var tenant: String
    /// The scenario ("" when none).
    public var scenario: String
    /// The model alias asked for ("" when none).
    public var model: String
    /// The data level inspection found, when the request was inspected.
    public var level: Int?
    /// The zone of the backend that answered ("" when none did).
    public var zone: String
    /// Where the data went.
    public var destination: Destination
    /// The backend that answered ("" when none did).
    public var backend: String
    /// The HTTP status the app got.
    public var status: Int
    /// The error code the app got, if any.
    public var errorCode: String?
    /// From arrival to the end of the answer, in microseconds.
    public var totalMicros: Int64
    /// Time spent waiting on backends, in microseconds.
    public var upstreamMicros: Int64
    /// Time spent waiting for a backend slot, in microseconds.
    public var queueWaitMicros: Int64
    /// Prompt tokens over every model call.
    public var tokensIn: Int
    /// Completion tokens over every model call.
    public var tokensOut: Int
    /// What the calls cost by the price table.
    public var cost: Decimal
    /// The quality checks' verdict (`pass`, `flag`, `block`), when they ran.
    public var verdict: String?
    /// Figures in the answer, when grounding ran.
    public var figures: Int
    /// Of those, figures no evidence supports.
    public var unsupported: Int

    /// Time spent in the gateway itself (everything but the upstream wait), in microseconds.
    public var gatewayMicros: Int64 { max(0, totalMicros - upstreamMicros) }

    /// Creates a summary.
    public init(
        requestID: String, receivedAt: Date, operation: String, tenant: String, scenario: String = "", model: String = "", level: Int? = nil,
        zone: String = "", destination: Destination = .nowhere, backend: String = "", status: Int, errorCode: String? = nil, totalMicros: Int64,
        upstreamMicros: Int64 = 0, queueWaitMicros: Int64 = 0, tokensIn: Int = 0, tokensOut: Int = 0, cost: Decimal = 0, verdict: String? = nil,
        figures: Int = 0, unsupported: Int = 0
    ) {
        self.requestID = requestID
        self.receivedAt = receivedAt
        self.operation = operation
        self.tenant = tenant
        self.scenario = scenario
        self.model = model
        self.level = level
        self.zone = zone
        self.destination = destination
        self.backend = backend
        self.status = status
        self.errorCode = errorCode
        self.totalMicros = totalMicros
        self.upstreamMicros = upstreamMicros
        self.queueWaitMicros = queueWaitMicros
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.cost = cost
        self.verdict = verdict
        self.figures = figures
        self.unsupported = unsupported
    }

    /// The summary of an exchange's audit record, with what its calls cost and how long it
    /// waited for a slot (neither is in the record).
    public init(record: borrowing AuditRecord, cost: Decimal, queueWaitMicros: Int64) {
        let destination: Destination =
            if record.backend == nil { .nowhere } else if record.privacy?.masked == true { .outMasked } else if record.zone == "private" {
                .privateZone
            } else { .outClear }
        self.init(
            requestID: record.requestID, receivedAt: Date(timeIntervalSince1970: Double(record.receivedAt) / 1000), operation: record.operation,
            tenant: record.tenant ?? "", scenario: record.scenario ?? "", model: record.model ?? "", level: record.privacy?.level,
            zone: record.zone ?? "", destination: destination, backend: record.backend ?? "", status: record.status, errorCode: record.errorCode,
            totalMicros: record.gatewayMicros + record.upstreamMicros, upstreamMicros: record.upstreamMicros, queueWaitMicros: queueWaitMicros,
            tokensIn: record.tokensIn ?? 0, tokensOut: record.tokensOut ?? 0, cost: cost, verdict: record.quality?.verdict,
            figures: record.quality?.figures ?? 0, unsupported: record.quality?.unsupported ?? 0)
    }
}
