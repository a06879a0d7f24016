/// What changed between two evaluations of the same suite: the summary figures and the cases
/// that went from passing to failing (regressions) or back (fixes).
public struct EvalComparison: Sendable, Equatable {
    /// One summary figure before and after.
    public struct Change: Sendable, Equatable {
        /// The figure's name.
        public var name: String
        /// Before.
        public var old: Double
        /// After.
        public var new: Double
        /// Whether a larger value is better (pass rates) or worse (latency).
        public var higherIsBetter: Bool

        /// Whether it got worse.
        public var isWorse: Bool { higherIsBetter ? new < old : new > old }
    }

    /// The summary figures.
    public var changes: [Change]
    /// Cases whose every run passed before and not now.
    public var regressions: [String]
    /// Cases that fail before and pass now.
    public var fixes: [String]

    /// Compares `new` with `old`.
    public init(old: EvalReport, new: EvalReport) {
        var changes = [
            Change(name: "pass rate", old: old.summary.passRate, new: new.summary.passRate, higherIsBetter: true),
            Change(name: "pass^k", old: old.summary.passAllRate, new: new.summary.passAllRate, higherIsBetter: true),
            Change(name: "grounding rate", old: old.summary.groundingRate, new: new.summary.groundingRate, higherIsBetter: true),
            Change(name: "rail violations", old: Double(old.summary.railViolations), new: Double(new.summary.railViolations), higherIsBetter: false),
            Change(name: "latency p50 (ms)", old: old.summary.latencyP50, new: new.summary.latencyP50, higherIsBetter: false),
            Change(name: "tokens out", old: Double(old.summary.tokensOut), new: Double(new.summary.tokensOut), higherIsBetter: false),
        ]
        if let before = old.summary.toolAccuracy, let after = new.summary.toolAccuracy {
            changes.insert(Change(name: "tool-call accuracy", old: before, new: after, higherIsBetter: true), at: 2)
        }
        self.changes = changes
        let before = Dictionary(old.cases.map { ($0.name, $0.passedAll) }, uniquingKeysWith: { first, _ in first })
        regressions = new.cases.filter { before[$0.name] == true && !$0.passedAll }.map(\.name)
        fixes = new.cases.filter { before[$0.name] == false && $0.passedAll }.map(\.name)
    }

    /// Whether the new run is worse where it counts: a case regressed or the pass rate fell.
    public var isRegression: Bool {
        !regressions.isEmpty || changes.contains { $0.name == "pass rate" && $0.isWorse }
    }
}
