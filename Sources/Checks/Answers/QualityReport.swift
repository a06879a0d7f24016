import Config
import Wire

/// What the checks found in one answer: grounding (when on) and the rails.
public struct QualityReport: Sendable, Equatable {
    /// The figures and their evidence; nil when grounding is off.
    public var grounding: GroundingReport?
    /// The rails' hits.
    public var rails: RailReport
    /// The grounding policy in force.
    public var policy: GroundingPolicy
    /// Model calls made to correct unsupported figures (the `retry` policy).
    public var retries = 0

    /// Creates a report.
    public init(grounding: GroundingReport?, rails: RailReport, policy: GroundingPolicy) {
        self.grounding = grounding
        self.rails = rails
        self.policy = policy
    }

    /// The figures a client may not rely on.
    public var unsupported: [CheckedFigure] { grounding?.unsupported ?? [] }

    /// Whether the answer must be replaced by the safe message: a rail blocks, or the policy
    /// blocks unsupported figures.
    public var blocks: Bool {
        rails.verdict == .block || (policy == .block && !unsupported.isEmpty)
    }

    /// The report as JSON, as it travels in `switchboard.quality` and the command line prints
    /// it: `{"grounding": {"figures": [...]}, "rails": {"verdict": …, "hits": [...]}}`.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["rails": rails.json, "blocked": .bool(blocks)]
        if let grounding {
            var report = grounding.json.objectValue ?? [:]
            report["policy"] = .string(policy.rawValue)
            if retries > 0 { report["retries"] = .integer(retries) }
            members["grounding"] = .object(report)
        }
        return .object(members)
    }
}
