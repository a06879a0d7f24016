import Backends
import Config
import NIOCore
import Privacy
import Wire

/// Finds the sensitive values in every string of the request (see ``RequestInspection``),
/// works out the request's data level (raised, never lowered, by `X-Switchboard-Data-Level`, and
/// raised to `privacy.uninspectable_level` by content it cannot read), asks the zone policy which
/// zones and regions may serve it, and prepares the masked body for backends outside the house.
/// A request whose values cannot all be masked never goes out masked.
public struct InspectStage: ExchangeStage {
    public let name = "inspect"
    private let scanners: PrivacyScannerReloader
    private let policy: ZonePolicy
    private let privacy: PrivacyConfig
    private let passThroughBackends: Set<String>

    /// Creates the stage; `privacy` gives the level of content that cannot be inspected, and
    /// `passThroughBackends` names the backends that take a Messages request as it is (Anthropic
    /// ones), for which the app's own body is inspected too.
    public init(scanners: PrivacyScannerReloader, policy: ZonePolicy, privacy: PrivacyConfig = .defaults, passThroughBackends: Set<String> = []) {
        self.scanners = scanners
        self.policy = policy
        self.privacy = privacy
        self.passThroughBackends = passThroughBackends
    }

    public func process(_ exchange: inout Exchange) async throws(APIError) -> StageOutcome {
        guard let request = exchange.request, let caller = exchange.caller else {
            throw APIError(status: 500, type: "api_error", code: "pipeline_order", message: "inspect ran before parse or authenticate")
        }
        let scanner = scanners.scanner
        let inspection: RequestInspection
        do {
            inspection = try exchange.body.withReadableBytes { bytes throws(JSONSyntaxError) in
                try RequestInspection(body: bytes, scanner: scanner)
            }
        } catch {
            throw .invalidRequest("The request body is not valid JSON: \(error.description).", code: "invalid_json")
        }
        // The app's own request, when it may go out as it is, is inspected too: its level
        // counts, and it goes only where it may go unmasked.
        let passesThrough = exchange.model?.targets.contains { passThroughBackends.contains($0.backend) } ?? false
        let native: (inspection: RequestInspection, modelValueRange: Range<Int>)? = (passesThrough ? exchange.nativeBody : nil).flatMap { body in
            body.withReadableBytes { bytes in
                guard let found = try? RequestInspection(body: bytes, scanner: scanner),
                      let range = try? JSONObjectScanner.scanValidatedDocument(bytes).member("model")?.valueRange
                else { return nil }
                return (found, range)
            }
        }
        var level = max(inspection.level, native?.inspection.level ?? .public1, exchange.requestedLevel ?? .public1)
        var uninspectableLevel: DataLevel?
        if !inspection.uninspectable.isEmpty || native?.inspection.uninspectable.isEmpty == false {
            let contentLevel = DataLevel(rawValue: privacy.uninspectableLevel(tenant: caller.tenant, model: request.alias)) ?? .sensitive3
            if contentLevel > level {
                level = contentLevel
                uninspectableLevel = contentLevel
            }
        }
        var decision = policy.decide(level: level, tenant: caller.tenant, model: request.alias)
        var maskedZones = decision.zones.filter { decision.masks(for: $0) }
        let refusedMasked = !maskedZones.isEmpty && !inspection.entities.isEmpty && !inspection.canMask
        if refusedMasked {
            decision.zones.subtract(maskedZones)
            maskedZones = []
        }
        let noZone = decision.zones.isEmpty
        let unmasked: Set<Zone> = native == nil ? [] : decision.zones.filter { !decision.masks(for: $0) }
        // The state is made in place on the exchange (the decision moved into it): made in a
        // variable and then assigned, it would be copied whole.
        exchange.privacy = PrivacyState(decision: consume decision, inspection: inspection, vault: PseudonymVault(), maskedBody: nil)
        exchange.privacy!.raisedByUninspectable = uninspectableLevel != nil
        exchange.privacy!.maskingRuledOut = refusedMasked
        if let native, let body = exchange.nativeBody, !unmasked.isEmpty {
            exchange.privacy!.passThrough = UpstreamRequest.BodyCopy(body: body, modelValueRange: native.modelValueRange, zones: unmasked)
        }
        if noZone {
            throw APIError(status: 503, type: "api_error", code: "no_allowed_backend", message: Self.refusal(exchange.privacy!, refusedMasked: refusedMasked))
        }
        guard !maskedZones.isEmpty, !inspection.entities.isEmpty else { return .next }
        var vault = PseudonymVault()
        let maskedBody: UpstreamRequest.BodyCopy? = exchange.body.withReadableBytes { bytes in
            let masked = inspection.masked(bytes, vault: &vault)
            let range = masked.withUnsafeBytes { try? JSONObjectScanner.scanValidatedDocument($0).member("model")?.valueRange }
            return range.map { UpstreamRequest.BodyCopy(body: ByteBuffer(bytes: masked), modelValueRange: $0, zones: maskedZones) }
        }
        guard let maskedBody else {
            throw APIError(status: 500, type: "api_error", code: "masking_failed", message: "The request could not be masked, so it was not sent.")
        }
        exchange.privacy?.vault = vault
        exchange.privacy?.maskedBody = maskedBody
        return .next
    }

    /// Why no zone may serve the request, for the app.
    private static func refusal(_ state: borrowing PrivacyState, refusedMasked: Bool) -> String {
        var message = "The request is at data level \(state.decision.level.rawValue)"
        if state.raisedByUninspectable {
            message += " because it holds content that could not be inspected (\(state.inspection.uninspectable.map(\.description).joined(separator: "; "))), which takes privacy.uninspectable_level"
        }
        message += ", and \(state.decision.ruleDescription)"
        if refusedMasked {
            let values = state.inspection.unmaskable.map(\.description).joined(separator: "; ")
            message += " would send it masked, but it holds values that cannot be masked without breaking the request (\(values)); no other zone may serve it."
            message += " It was not sent anywhere; move the value out of that field, or add a policy rule that allows a private zone."
        } else {
            message += ", so no zone may serve it. It was not sent anywhere; add a policy rule for this level."
        }
        return message
    }
}
