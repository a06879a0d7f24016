/// Checks an expression's types against the facts a pack declares, before anything runs: every
/// fact is declared, every operator and function gets the types it takes, and a rule's
/// condition is a `bool`.
public enum RuleTypeChecker {
    /// The functions: argument types (`nil` for any number of decimals) and result type.
    static let functions: [String: (arguments: [RuleType]?, result: RuleType)] = [
        "abs": ([.decimal], .decimal), "min": (nil, .decimal), "max": (nil, .decimal), "round": ([.decimal, .decimal], .decimal),
        "avg": ([.decimals], .decimal), "sum": ([.decimals], .decimal), "count": ([.decimals], .decimal),
        "months_between": ([.date, .date], .decimal), "days_between": ([.date, .date], .decimal), "date": ([.string], .date),
        "contains": ([.string, .string], .bool), "starts_with": ([.string, .string], .bool),
    ]

    /// The type of `expression` given the declared `facts`.
    public static func type(of expression: RuleExpression, facts: [String: RuleType]) throws(RuleLanguageError) -> RuleType {
        switch expression {
        case .literal(let value, _):
            return value.type
        case .fact(let name, let column):
            guard let type = facts[name] else {
                throw RuleLanguageError(column: column, "unknown fact '\(name)'; the pack declares: \(facts.keys.sorted().joined(separator: ", "))")
            }
            return type
        case .unary(let symbol, let operand, let column):
            let type = try Self.type(of: operand, facts: facts)
            let expected: RuleType = symbol == "not" ? .bool : .decimal
            guard type == expected else { throw RuleLanguageError(column: column, "'\(symbol)' takes a \(expected.rawValue), found a \(type.rawValue)") }
            return expected
        case .binary(let symbol, let left, let right, let column):
            let leftType = try Self.type(of: left, facts: facts)
            let rightType = try Self.type(of: right, facts: facts)
            switch symbol {
            case "and", "or":
                guard leftType == .bool, rightType == .bool else { throw RuleLanguageError(column: column, "'\(symbol)' joins two bools, found \(leftType.rawValue) and \(rightType.rawValue)") }
                return .bool
            case "+", "-", "*", "/":
                guard leftType == .decimal, rightType == .decimal else { throw RuleLanguageError(column: column, "'\(symbol)' takes two decimals, found \(leftType.rawValue) and \(rightType.rawValue)") }
                return .decimal
            case "==", "!=":
                guard leftType == rightType, leftType != .decimals else { throw RuleLanguageError(column: column, "'\(symbol)' compares two values of one type, found \(leftType.rawValue) and \(rightType.rawValue)") }
                return .bool
            default:
                guard leftType == rightType, [.decimal, .date, .string].contains(leftType) else {
                    throw RuleLanguageError(column: column, "'\(symbol)' orders two decimals, dates or strings, found \(leftType.rawValue) and \(rightType.rawValue)")
                }
                return .bool
            }
        case .call(let name, let arguments, let column):
            guard let signature = functions[name] else {
                throw RuleLanguageError(column: column, "unknown function '\(name)'; functions are: \(functions.keys.sorted().joined(separator: ", "))")
            }
            let types = try arguments.mapTyped { (argument) throws(RuleLanguageError) -> RuleType in try Self.type(of: argument, facts: facts) }
            if let expected = signature.arguments {
                guard types == expected else {
                    throw RuleLanguageError(column: column, "\(name) takes (\(expected.map(\.rawValue).joined(separator: ", "))), found (\(types.map(\.rawValue).joined(separator: ", ")))")
                }
            } else {
                guard !types.isEmpty, types.allSatisfy({ $0 == .decimal }) else { throw RuleLanguageError(column: column, "\(name) takes one or more decimals") }
            }
            return signature.result
        }
    }
}

extension Array {
    /// `map` keeping a typed error (the standard one rethrows it untyped).
    func mapTyped<T, E: Error>(_ transform: (Element) throws(E) -> T) throws(E) -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try transform(element)) }
        return result
    }
}
