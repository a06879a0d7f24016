import Wire

/// The rails' overall verdict on an answer.
public enum RailVerdict: String, Sendable, Codable, Comparable {
    /// No rule matched.
    case pass
    /// Rules matched that flag or append; the answer goes on.
    case flag
    /// A rule matched that blocks the answer.
    case block

    private var rank: Int {
        switch self {
        case .pass: 0
        case .flag: 1
        case .block: 2
        }
    }

    public static func < (lhs: RailVerdict, rhs: RailVerdict) -> Bool { lhs.rank < rhs.rank }
}

/// One rule's match in an answer: the rule, its category and action, and the span it matched
/// (in Unicode scalars; a missing disclosure's span is empty, at the end).
public struct RailHit: Sendable, Equatable {
    /// The rule's name.
    public var rule: String
    /// The rule's category.
    public var category: String
    /// What the hit does.
    public var action: RailAction
    /// The span's first scalar.
    public var start: Int
    /// The offset after the span.
    public var end: Int
    /// The matched text.
    public var text: String

    /// The hit as the report's JSON.
    public var json: JSONValue {
        .object([
            "rule": .string(rule), "category": .string(category), "action": .string(action.name), "start": .integer(start), "end": .integer(end),
            "text": .string(text),
        ])
    }
}

/// The rails' report on one answer.
public struct RailReport: Sendable, Equatable {
    /// Every hit, in order of the rules, then of position.
    public var hits: [RailHit]
    /// The lines to append to the answer (one per appending rule that matched, no repeats).
    public var appendix: [String]

    /// Creates a report.
    public init(hits: [RailHit], appendix: [String]) {
        self.hits = hits
        self.appendix = appendix
    }

    /// Block when any hit blocks, flag when any hit flags or appends, else pass.
    public var verdict: RailVerdict {
        hits.reduce(.pass) { verdict, hit in
            max(verdict, hit.action == .block ? .block : .flag)
        }
    }

    /// The report as JSON: `{"verdict": …, "hits": [...]}` (and the lines appended).
    public var json: JSONValue {
        var members: [String: JSONValue] = ["verdict": .string(verdict.rawValue), "hits": .array(hits.map(\.json))]
        if !appendix.isEmpty { members["appended"] = .array(appendix.map(JSONValue.string)) }
        return .object(members)
    }
}
