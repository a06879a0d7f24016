import Foundation
import Plugins

/// A parsed expression of the rule language: literals, facts, unary and binary operators, and
/// function calls, each with its column in the source text (from 1).
public indirect enum RuleExpression: Sendable, Equatable {
    case literal(RuleValue, column: Int)
    case fact(String, column: Int)
    case unary(String, RuleExpression, column: Int)
    case binary(String, RuleExpression, RuleExpression, column: Int)
    case call(String, [RuleExpression], column: Int)

    /// Where the expression starts in its source text.
    public var column: Int {
        switch self {
        case .literal(_, let column), .fact(_, let column), .unary(_, _, let column), .binary(_, _, _, let column), .call(_, _, let column): column
        }
    }
}

/// A problem in a rule expression, at a column of its text.
public struct RuleLanguageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column (from 1) in the expression text.
    public var column: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
