import Audit
import Backends
import Config
import Privacy

/// What inspection found in an exchange and what the zone policy decided, carried from the
/// inspect stage to dispatch, to the restoration of the answer, and into the audit record.
public struct PrivacyState: Sendable {
    /// The policy's decision (level, rule, zones, mask).
    public var decision: ZoneDecision
    /// How many values of each type were found.
    public var entityCounts: [EntityType: Int]
    /// Keyword categories found.
    public var keywordCategories: [String]
    /// What inspection found in the request, field by field.
    public var inspection: RequestInspection
    /// The pseudonyms issued for the masked body.
    public var vault: PseudonymVault
    /// The masked body for backends outside the house, if anything needed masking.
    public var maskedBody: UpstreamRequest.BodyCopy?
    /// The app's own request for backends that speak its API, in the zones that may get it
    /// unmasked (see ``Exchange/nativeBody``).
    public var passThrough: UpstreamRequest.BodyCopy?
    /// Whether the backend that answered received the masked body.
    public var sentMasked = false
    /// Pseudonyms put back in the answer.
    public var restored = 0
    /// Pseudonym-shaped strings in the answer that were never issued.
    public var invented = 0
    /// Whether content that could not be inspected raised the level the policy decided on.
    public var raisedByUninspectable = false
    /// Whether zones that would get a masked copy were ruled out because some value found
    /// cannot be masked (see ``RequestInspection/unmaskable``).
    public var maskingRuledOut = false

    /// Creates the state.
    public init(decision: ZoneDecision, inspection: RequestInspection, vault: PseudonymVault, maskedBody: UpstreamRequest.BodyCopy?) {
        self.decision = decision
        self.inspection = inspection
        entityCounts = inspection.entityCounts
        keywordCategories = Array(inspection.keywordCategories)
        self.vault = vault
        self.maskedBody = maskedBody
    }

    /// Why the zones are restricted, for error messages: "data level 3 under policy[0] {…}".
    public var zoneReason: String {
        var reason = "data level \(decision.level.rawValue)"
        if raisedByUninspectable {
            reason += " (set by privacy.uninspectable_level: content that could not be inspected: \(inspection.uninspectable.map(\.description).joined(separator: "; ")))"
        }
        reason += " under \(decision.ruleDescription)"
        if maskingRuledOut {
            reason += ", with masked zones ruled out because it holds values that cannot be masked without breaking the request (\(inspection.unmaskable.map(\.description).joined(separator: "; ")))"
        }
        return reason
    }

    /// The audit record's privacy part: counts and the decision, never the values.
    public var auditRecord: AuditPrivacy {
        AuditPrivacy(
            level: decision.level.rawValue, rule: decision.ruleDescription, zones: decision.zones.map(\.rawValue).sorted(),
            entities: Dictionary(uniqueKeysWithValues: entityCounts.map { ($0.key.rawValue, $0.value) }), keywords: keywordCategories.sorted(),
            masked: sentMasked, pseudonyms: sentMasked ? vault.count : 0, restored: restored, invented: invented,
            uninspectable: inspection.uninspectable.isEmpty ? nil : inspection.uninspectable.map(\.description),
            levelFromUninspectable: raisedByUninspectable ? true : nil,
            unmaskable: inspection.unmaskable.isEmpty ? nil : inspection.unmaskable.map(\.description))
    }
}
