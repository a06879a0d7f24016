import Foundation
import Plugins

/// The types of the rule language.
public enum RuleType: String, Sendable, Equatable, CaseIterable {
    case decimal, string, date, bool
    /// A list of decimals (e.g. the daily assets of the last 20 trading days).
    case decimals
}

/// A value of the rule language.
public enum RuleValue: Sendable, Equatable {
    case decimal(Decimal)
    case string(String)
    case date(CalendarDay)
    case bool(Bool)
    case decimals([Decimal])

    /// Its type.
    public var type: RuleType {
        switch self {
        case .decimal: .decimal
        case .string: .string
        case .date: .date
        case .bool: .bool
        case .decimals: .decimals
        }
    }

    /// The value as text for explanations.
    public var text: String {
        switch self {
        case .decimal(let value): "\(value)"
        case .string(let value): value
        case .date(let value): value.description
        case .bool(let value): value ? "true" : "false"
        case .decimals(let values): "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }
}
