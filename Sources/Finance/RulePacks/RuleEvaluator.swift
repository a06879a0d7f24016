import Foundation
import Plugins

/// Evaluates a type-checked expression over fact values, in exact decimals.
public enum RuleEvaluator {
    /// The value of `expression`; errors (division by zero, an average of nothing, a bad date)
    /// name their column.
    public static func evaluate(_ expression: RuleExpression, facts: [String: RuleValue]) throws(RuleLanguageError) -> RuleValue {
        switch expression {
        case .literal(let value, _):
            return value
        case .fact(let name, let column):
            guard let value = facts[name] else { throw RuleLanguageError(column: column, "the fact '\(name)' was not given") }
            return value
        case .unary(let symbol, let operand, let column):
            let value = try evaluate(operand, facts: facts)
            switch (symbol, value) {
            case ("not", .bool(let flag)): return .bool(!flag)
            case ("-", .decimal(let number)): return .decimal(-number)
            default: throw RuleLanguageError(column: column, "'\(symbol)' cannot apply to \(value.type.rawValue)")
            }
        case .binary(let symbol, let left, let right, let column):
            if symbol == "and" || symbol == "or" {
                guard case .bool(let first) = try evaluate(left, facts: facts) else { throw RuleLanguageError(column: column, "'\(symbol)' needs bools") }
                if symbol == "and", !first { return .bool(false) }
                if symbol == "or", first { return .bool(true) }
                guard case .bool(let second) = try evaluate(right, facts: facts) else { throw RuleLanguageError(column: column, "'\(symbol)' needs bools") }
                return .bool(second)
            }
            return try binary(symbol, try evaluate(left, facts: facts), try evaluate(right, facts: facts), column: column)
        case .call(let name, let arguments, let column):
            let values = try arguments.mapTyped { (argument) throws(RuleLanguageError) -> RuleValue in try evaluate(argument, facts: facts) }
            return try call(name, values, column: column)
        }
    }

    private static func binary(_ symbol: String, _ left: RuleValue, _ right: RuleValue, column: Int) throws(RuleLanguageError) -> RuleValue {
        switch (left, right) {
        case (.decimal(let a), .decimal(let b)):
            switch symbol {
            case "+": return .decimal(a + b)
            case "-": return .decimal(a - b)
            case "*": return .decimal(a * b)
            case "/":
                guard !b.isZero else { throw RuleLanguageError(column: column, "division by zero") }
                return .decimal(a / b)
            default: return .bool(compare(symbol, a, b))
            }
        case (.date(let a), .date(let b)): return .bool(compare(symbol, a, b))
        case (.string(let a), .string(let b)): return .bool(compare(symbol, a, b))
        case (.bool(let a), .bool(let b)) where symbol == "==" || symbol == "!=": return .bool((a == b) == (symbol == "=="))
        default: throw RuleLanguageError(column: column, "'\(symbol)' cannot apply to \(left.type.rawValue) and \(right.type.rawValue)")
        }
    }

    private static func compare<T: Comparable>(_ symbol: String, _ a: T, _ b: T) -> Bool {
        switch symbol {
        case "==": a == b
        case "!=": a != b
        case "<": a < b
        case "<=": a <= b
        case ">": a > b
        default: a >= b
        }
    }

    private static func call(_ name: String, _ values: [RuleValue], column: Int) throws(RuleLanguageError) -> RuleValue {
        func decimals() -> [Decimal] { values.compactMap { if case .decimal(let d) = $0 { d } else { nil } } }
        switch (name, values.first) {
        case ("abs", .decimal(let number)?): return .decimal(abs(number))
        case ("min", _): return .decimal(decimals().min() ?? 0)
        case ("max", _): return .decimal(decimals().max() ?? 0)
        case ("round", .decimal(let number)?):
            guard values.count == 2, case .decimal(let places) = values[1], let scale = Int("\(places)") else { break }
            var input = number
            var output = Decimal()
            NSDecimalRound(&output, &input, scale, .plain)
            return .decimal(output)
        case ("avg", .decimals(let list)?):
            guard !list.isEmpty else { throw RuleLanguageError(column: column, "avg of an empty list") }
            return .decimal(list.reduce(0, +) / Decimal(list.count))
        case ("sum", .decimals(let list)?): return .decimal(list.reduce(0, +))
        case ("count", .decimals(let list)?): return .decimal(Decimal(list.count))
        case ("months_between", .date(let from)?):
            guard case .date(let to) = values[1] else { break }
            let (a, b) = (from.components, to.components)
            var months = (b.year - a.year) * 12 + (b.month - a.month)
            if b.day < a.day { months -= 1 }
            return .decimal(Decimal(months))
        case ("days_between", .date(let from)?):
            guard case .date(let to) = values[1] else { break }
            return .decimal(Decimal(to.ordinal - from.ordinal))
        case ("date", .string(let text)?):
            guard let day = CalendarDay(text) else { throw RuleLanguageError(column: column, "'\(text)' is not a date YYYY-MM-DD") }
            return .date(day)
        case ("contains", .string(let text)?):
            guard case .string(let part) = values[1] else { break }
            return .bool(text.contains(part))
        case ("starts_with", .string(let text)?):
            guard case .string(let prefix) = values[1] else { break }
            return .bool(text.hasPrefix(prefix))
        default: break
        }
        throw RuleLanguageError(column: column, "\(name) cannot apply to these arguments")
    }
}
