import Config

/// The zone policy: which zones may serve a request, and whether values are masked when it
/// leaves the house, decided by the first rule that matches its level, tenant and model.
public struct ZonePolicy: Sendable {
    private let rules: [PolicyRule]

    /// A policy of `rules`, in order.
    public init(rules: [PolicyRule]) {
        self.rules = rules
    }

    /// The decision for a request at `level` from `tenant` for `model`. When no rule matches,
    /// no zone is allowed (fail closed).
    public func decide(level: DataLevel, tenant: String, model: String) -> ZoneDecision {
        for rule in rules where rule.level.matches(level.rawValue) && (rule.tenant == nil || rule.tenant == tenant) && (rule.model == nil || rule.model == model) {
            return ZoneDecision(level: level, rule: rule, zones: Set(rule.zones), mask: rule.mask, regions: rule.regions.map(Set.init))
        }
        return ZoneDecision(level: level, rule: nil, zones: [], mask: true)
    }
}

/// What the zone policy decided for one request.
public struct ZoneDecision: Sendable, Equatable {
    /// The request's data level.
    public var level: DataLevel
    /// The rule that matched; nil when none did.
    public var rule: PolicyRule?
    /// Zones that may serve the request.
    public var zones: Set<Zone>
    /// Whether values are masked before the request goes to a backend outside the house.
    public var mask: Bool
    /// The regions whose backends may serve the request; nil for any.
    public var regions: Set<String>?

    /// Creates a decision.
    public init(level: DataLevel, rule: PolicyRule?, zones: Set<Zone>, mask: Bool, regions: Set<String>? = nil) {
        self.level = level
        self.rule = rule
        self.zones = zones
        self.mask = mask
        self.regions = regions
    }

    /// Whether a request sent to a backend in `zone` must be masked: only outside the house.
    public func masks(for zone: Zone) -> Bool {
        mask && zone == .public
    }

    /// The rule, described for errors and the audit trail.
    public var ruleDescription: String {
        rule?.description ?? "no policy rule matches level \(level.rawValue)"
    }
}
