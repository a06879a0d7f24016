import Foundation

/// Evaluates arithmetic on decimal numbers exactly: `+ - * / ^`, parentheses, percentages
/// (`5%` is 0.05), and the functions `round`, `abs`, `min`, `max`, `sqrt`, `pct_change`, `cagr`,
/// `annualize` and `compound`.
///
/// Addition, subtraction, multiplication and whole powers are exact up to 38 significant digits;
/// division is rounded at the 38th; fractional powers (`sqrt`, `cagr`, `x ^ 0.5`) carry 16
/// significant digits. `×`, `÷` and full-width brackets, commas and `％` are accepted.
///
/// ```swift
/// try DecimalCalculator.evaluate("1.15 * (1 + 10%)")   // 1.265
/// ```
public enum DecimalCalculator {
    /// The longest expression accepted, in characters.
    public static let maximumLength = 2_000

    /// The value of `expression`.
    public static func evaluate(_ expression: String) throws(CalculationError) -> Decimal {
        guard expression.unicodeScalars.count <= maximumLength else {
            throw CalculationError("the expression is longer than \(maximumLength) characters")
        }
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(expression))
        return try parser.parse()
    }
}

/// A recursive-descent parser that evaluates as it parses.
///
/// ```
/// expression := term (("+" | "-") term)*
/// term       := unary (("*" | "/") unary)*
/// unary      := ("+" | "-") unary | power
/// power      := postfix ("^" unary)?          right-associative; -2^2 is -4
/// postfix    := primary "%"?
/// primary    := number | name "(" expression ("," expression)* ")" | "(" expression ")"
/// ```
struct ExpressionParser {
    private let tokens: [ExpressionToken]
    private var index = 0
    private var depth = 0
    private static let maximumDepth = 100

    init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    private var current: ExpressionToken { tokens[index] }

    mutating func parse() throws(CalculationError) -> Decimal {
        guard current.kind != .end else { throw CalculationError("the expression is empty") }
        let value = try expression()
        guard current.kind == .end else { throw unexpected() }
        return value
    }

    private mutating func expression() throws(CalculationError) -> Decimal {
        var value = try term()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            let position = current.position
            index += 1
            let right = try term()
            value = try DecimalMath.checked(symbol == "+" ? value + right : value - right, at: position)
        }
        return value
    }

    private mutating func term() throws(CalculationError) -> Decimal {
        var value = try unary()
        while case .symbol(let symbol) = current.kind, symbol == "*" || symbol == "/" {
            let position = current.position
            index += 1
            let right = try unary()
            if symbol == "/" {
                guard right != 0 else { throw CalculationError("division by zero", at: position) }
                value = try DecimalMath.checked(value / right, at: position)
            } else {
                value = try DecimalMath.checked(value * right, at: position)
            }
        }
        return value
    }

    private mutating func unary() throws(CalculationError) -> Decimal {
        if case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            index += 1
            try enter()
            defer { depth -= 1 }
            let value = try unary()
            return symbol == "-" ? -value : value
        }
        return try power()
    }

    private mutating func power() throws(CalculationError) -> Decimal {
        let base = try postfix()
        guard case .symbol("^") = current.kind else { return base }
        let position = current.position
        index += 1
        try enter()
        defer { depth -= 1 }
        return try DecimalMath.power(base, try unary(), at: position)
    }

    private mutating func postfix() throws(CalculationError) -> Decimal {
        let value = try primary()
        if case .symbol("%") = current.kind {
            index += 1
            return value / 100
        }
        return value
    }

    private mutating func primary() throws(CalculationError) -> Decimal {
        let token = current
        switch token.kind {
        case .number(let value):
            index += 1
            return value
        case .symbol("("):
            index += 1
            try enter()
            defer { depth -= 1 }
            let value = try expression()
            try expect(")")
            return value
        case .identifier(let name):
            index += 1
            guard let function = CalculatorFunctions.all[name] else {
                let known = CalculatorFunctions.all.keys.sorted().joined(separator: ", ")
                throw CalculationError("unknown function '\(name)'; known functions: \(known)", at: token.position)
            }
            try expect("(")
            try enter()
            defer { depth -= 1 }
            var arguments = [try expression()]
            while case .symbol(",") = current.kind {
                index += 1
                arguments.append(try expression())
            }
            try expect(")")
            guard function.arity.contains(arguments.count) else {
                throw CalculationError("\(name) takes \(function.usage), given \(arguments.count) argument(s)", at: token.position)
            }
            return try function.apply(arguments, token.position)
        default:
            throw unexpected()
        }
    }

    private mutating func expect(_ symbol: Character) throws(CalculationError) {
        guard case .symbol(symbol) = current.kind else {
            throw CalculationError("expected '\(symbol)'", at: current.position)
        }
        index += 1
    }

    private mutating func enter() throws(CalculationError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw CalculationError("the expression is nested too deeply", at: current.position) }
    }

    private func unexpected() -> CalculationError {
        switch current.kind {
        case .end: CalculationError("the expression ends too early", at: current.position)
        case .number(let value): CalculationError("unexpected number \(value)", at: current.position)
        case .identifier(let name): CalculationError("unexpected name '\(name)'", at: current.position)
        case .symbol(let symbol): CalculationError("unexpected '\(symbol)'", at: current.position)
        }
    }
}
