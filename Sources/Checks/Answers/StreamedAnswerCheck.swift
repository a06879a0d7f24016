/// The checks on an answer as it streams: text is released sentence by sentence once the
/// sentence passes the rules that block (and, under the `block` grounding policy, once its
/// figures are grounded). A sentence that has not ended is held back up to
/// ``ChecksConfig/holdBack`` scalars, then checked and released but for a margin that a phrase
/// may still be completing in. Under `retry` nothing is released before the whole answer is
/// checked, since a retried answer replaces it.
public struct StreamedAnswerCheck: Sendable {
    /// What may happen after the latest text.
    public enum Decision: Sendable, Equatable {
        /// The text up to this many scalars (from the answer's start) may go to the app.
        case release(Int)
        /// A blocking rule matched; the report is the answer's so far.
        case block(QualityReport)
    }

    /// The scalars a phrase may still be completing in when a long sentence is cut.
    static let margin = 24

    private let checks: AnswerChecks
    private var evidence: GroundingEvidence
    private var scalars: [Unicode.Scalar] = []
    /// How far the text has passed the checks.
    public private(set) var released = 0

    /// Starts checking an answer.
    public init(checks: AnswerChecks, evidence: GroundingEvidence) {
        self.checks = checks
        self.evidence = evidence
    }

    /// Checks what comes next against `evidence` (the conversation grew: the tool loop ran).
    public mutating func update(evidence: GroundingEvidence) {
        self.evidence = evidence
    }

    /// The whole text so far.
    public var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Takes the next piece of text.
    public mutating func append(_ piece: String) -> Decision {
        scalars.append(contentsOf: piece.unicodeScalars)
        guard checks.config.grounding != .retry else { return .release(released) }
        var end = scalars.count
        while end > released, !endsSentence(at: end) { end -= 1 }
        if end == released {
            guard scalars.count - released > checks.config.holdBack else { return .release(released) }
            end = scalars.count - Self.margin
        }
        let windowStart = max(0, released - Self.margin)
        let window = AnswerText(Self.string(scalars[windowStart..<end]))
        let fresh = released - windowStart
        let rails = checks.rails.check(window)
        var blocked = rails.hits.contains { $0.action == .block && $0.end > fresh }
        if !blocked, checks.config.grounding == .block {
            let figures = FigureExtractor.figures(in: window).filter { $0.end > fresh }
            blocked = GroundingChecker.check(figures, against: evidence).figures.contains { !$0.status.isGrounded }
        }
        if blocked { return .block(report()) }
        released = end
        return .release(released)
    }

    /// The report on the whole text so far.
    public func report() -> QualityReport {
        checks.check(AnswerText(text), evidence: evidence)
    }

    /// Whether a sentence ends just before `end`: at 。！？!?；; or a line break, or at a full
    /// stop that a space follows (so not a decimal point still streaming).
    private func endsSentence(at end: Int) -> Bool {
        switch scalars[end - 1] {
        case "。", "！", "？", "!", "?", "\n", "；", ";": return true
        case ".": return end < scalars.count && scalars[end].isSpace
        default: return false
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
