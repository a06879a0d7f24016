import Wire

/// What grounding found for one figure.
public enum GroundingStatus: String, Sendable, Codable {
    /// The evidence states it (after units, formats and the figure's rounding).
    case grounded
    /// It follows from two evidence values by one operation (see ``DerivingOperation``).
    case derived
    /// Only evidence its source marked stale states it.
    case stale
    /// No evidence states it.
    case ungrounded

    /// Whether a client may rely on the figure.
    public var isGrounded: Bool { self == .grounded || self == .derived }
}

/// The one operation a derived figure follows from.
public enum DerivingOperation: String, Sendable, Codable {
    /// a − b.
    case difference
    /// a + b.
    case sum
    /// a × b.
    case product
    /// a ÷ b (a multiple, or a share as a percentage).
    case ratio
    /// (a − b) ÷ b, as a percentage.
    case percentageChange = "percentage_change"
}

/// One figure of an answer and what grounding found for it.
public struct CheckedFigure: Sendable, Equatable {
    /// The figure.
    public var figure: Figure
    /// Grounded, derived, stale or ungrounded.
    public var status: GroundingStatus
    /// The evidence it matched (for a derived figure, its two operands, a first).
    public var evidence: [EvidenceReference]
    /// For a derived figure, how it follows from the evidence.
    public var operation: DerivingOperation?

    /// The figure as the report's JSON: text, offsets in Unicode scalars, kind, status and evidence.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "text": .string(figure.text), "start": .integer(figure.start), "end": .integer(figure.end), "kind": .string(figure.kind.rawValue),
            "status": .string(status.rawValue), "grounded": .bool(status.isGrounded), "evidence": .array(evidence.map(\.json)),
        ]
        if let operation { members["operation"] = .string(operation.rawValue) }
        return .object(members)
    }
}

/// Grounding's report on one answer: every figure, in order, with its status and evidence.
public struct GroundingReport: Sendable, Equatable {
    /// The figures.
    public var figures: [CheckedFigure]

    /// Creates a report.
    public init(figures: [CheckedFigure]) {
        self.figures = figures
    }

    /// The figures a client may not rely on.
    public var unsupported: [CheckedFigure] { figures.filter { !$0.status.isGrounded } }

    /// The report as JSON: `{"figures": [...], "grounded": n, "total": n}`.
    public var json: JSONValue {
        .object([
            "figures": .array(figures.map(\.json)), "grounded": .integer(figures.count - unsupported.count), "total": .integer(figures.count),
        ])
    }
}
