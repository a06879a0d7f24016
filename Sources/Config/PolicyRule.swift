import Foundation

/// A condition on a request's data level: `3`, `>=3`, `<=2`, `>1`, `<4`.
public struct LevelCondition: Sendable, Equatable, CustomStringConvertible {
    /// How the level is compared.
    public enum Comparison: String, Sendable, Equatable {
        case equal = ""
        case atLeast = ">="
        case atMost = "<="
        case above = ">"
        case below = "<"
    }

    /// The comparison.
    public var comparison: Comparison
    /// The level compared against, 1–5.
    public var level: Int

    /// Parses `text`, or nil when it is not a level condition.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for comparison in [Comparison.atLeast, .atMost, .above, .below, .equal] where trimmed.hasPrefix(comparison.rawValue) {
            let rest = trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
            let digits = rest.hasPrefix("L") || rest.hasPrefix("l") ? String(rest.dropFirst()) : rest
            guard let level = Int(digits), (1...5).contains(level) else { return nil }
            self.comparison = comparison
            self.level = level
            return
        }
        return nil
    }

    /// Whether `level` satisfies the condition.
    public func matches(_ level: Int) -> Bool {
        switch comparison {
        case .equal: level == self.level
        case .atLeast: level >= self.level
        case .atMost: level <= self.level
        case .above: level > self.level
        case .below: level < self.level
        }
    }

    public var description: String { "\(comparison.rawValue)\(level)" }
}

/// One zone policy rule: for requests matching level, tenant and model, which zones may serve
/// them and whether values are masked before they leave the house.
public struct PolicyRule: Sendable, Equatable {
    /// Position in the list, from 0 (`policy[0]`).
    public let index: Int
    /// The level condition.
    public let level: LevelCondition
    /// Only for this tenant, when set.
    public let tenant: String?
    /// Only for this model alias, when set.
    public let model: String?
    /// Zones that may serve the request.
    public let zones: [Zone]
    /// Whether values are masked when the request goes to a public backend.
    public let mask: Bool
    /// The regions (ISO country or area codes) whose backends may serve the request; nil for any.
    public let regions: [String]?

    /// Creates a rule.
    public init(index: Int, level: LevelCondition, tenant: String? = nil, model: String? = nil, zones: [Zone], mask: Bool = false, regions: [String]? = nil) {
        self.index = index
        self.level = level
        self.tenant = tenant
        self.model = model
        self.zones = zones
        self.mask = mask
        self.regions = regions
        description = Self.describe(index: index, level: level, tenant: tenant, model: model, zones: zones, mask: mask, regions: regions)
    }

    /// The rule as written, for errors and the audit trail, e.g. `policy[0] {level: ">=3", zones: [private]}`.
    /// Made once, since every exchange's audit record carries it.
    public let description: String

    private static func describe(
        index: Int, level: LevelCondition, tenant: String?, model: String?, zones: [Zone], mask: Bool, regions: [String]?
    ) -> String {
        var parts = ["level: \"\(level)\""]
        if let tenant { parts.append("tenant: \(tenant)") }
        if let model { parts.append("model: \(model)") }
        parts.append("zones: [\(zones.map(\.rawValue).joined(separator: ", "))]")
        if mask { parts.append("mask: true") }
        if let regions { parts.append("regions: [\(regions.joined(separator: ", "))]") }
        return "policy[\(index)] {\(parts.joined(separator: ", "))}"
    }

    /// The policy used when the config has none: L3 and above stay private and in mainland
    /// China; L2 may go public masked; L1 anywhere.
    public static let defaults = [
        PolicyRule(index: 0, level: LevelCondition(">=3")!, zones: [.private], regions: [BackendConfig.homeRegion]),
        PolicyRule(index: 1, level: LevelCondition("2")!, zones: [.private, .public], mask: true),
        PolicyRule(index: 2, level: LevelCondition("1")!, zones: [.private, .public]),
    ]
}
