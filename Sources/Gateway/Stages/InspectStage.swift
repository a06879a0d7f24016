import Backends
import Config
import NIOCore
import Privacy
import Wire

/// Finds the sensitive values in everything the model would read, works out the request's
/// data level (raised, never lowered, by `X-Switchboard-Data-Level`), asks the zone policy which
/// zones may serve it, and prepares the masked body for backends outside the house.
public struct InspectStage: ExchangeStage {
    public let name = "inspect"
    private let scanners: PrivacyScannerReloader
    private let policy: ZonePolicy

    /// Creates the stage.
    public init(scanners: PrivacyScannerReloader, policy: ZonePolicy) {
        self.scanners = scanners
        self.policy = policy
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) {
        guard let request = exchange.request, let caller = exchange.caller else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "inspect ran before parse or authenticate")
        }
        let shape: ModelVisibleText.Shape = exchange.operation == .embeddings ? .embeddings : .chat
        let scanner = scanners.scanner
        let inspection: RequestInspection
        do {
            inspection = try exchange.body.withReadableBytes { bytes throws(JSONSyntaxError) in
                try RequestInspection(body: bytes, shape: shape, scanner: scanner)
            }
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error.description).", code: "invalid_json")
        }
        let level = max(inspection.level, exchange.requestedLevel ?? .public1)
        let decision = policy.decide(level: level, tenant: caller.tenant, model: request.alias)
        guard !decision.zones.isEmpty else {
            throw APIError(
                status: 503, type: "api_error", code: "no_allowed_backend",
                message: "The request is at data level \(level.rawValue) and \(decision.ruleDescription), so no zone may serve it. It was not sent anywhere; add a policy rule for this level.")
        }
        var vault = PseudonymVault()
        var maskedBody: UpstreamRequest.MaskedBody?
        let maskedZones = decision.zones.filter { decision.masks(for: $0) }
        if !maskedZones.isEmpty, !inspection.entityCounts.isEmpty {
            maskedBody = exchange.body.withReadableBytes { bytes in
                let masked = inspection.masked(bytes, vault: &vault)
                let range = masked.withUnsafeBytes { try? JSONObjectScanner.scanValidatedDocument($0).member("model")?.valueRange }
                return range.map { UpstreamRequest.MaskedBody(body: ByteBuffer(bytes: masked), modelValueRange: $0, zones: maskedZones) }
            }
            if maskedBody == nil {
                throw APIError(status: 500, type: "api_error", code: "masking_failed", message: "The request could not be masked, so it was not sent.")
            }
        }
        exchange.privacy = PrivacyState(decision: decision, inspection: inspection, vault: vault, maskedBody: maskedBody)
    }
}
