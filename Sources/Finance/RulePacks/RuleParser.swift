import Foundation

/// Parses rule expressions: `or`/`||` < `and`/`&&` < `not`/`!` < comparisons (`== != < <= > >=`)
/// < `+ -` < `* /` < unary minus < literals (decimals, 'strings', "strings", `true`, `false`),
/// facts and function calls `name(argument, …)`, with parentheses.
public struct RuleParser {
    private enum Token: Equatable {
        case number(String), string(String), identifier(String), symbol(String), end
    }

    private let tokens: [(token: Token, column: Int)]
    private var position = 0

    /// Parses `text` into an expression.
    public static func parse(_ text: String) throws(RuleLanguageError) -> RuleExpression {
        var parser = RuleParser(tokens: try tokenize(text))
        let expression = try parser.orExpression()
        guard parser.current == .end else { throw RuleLanguageError(column: parser.column, "unexpected \(parser.describe(parser.current)) after a complete expression") }
        return expression
    }

    private init(tokens: [(token: Token, column: Int)]) {
        self.tokens = tokens
    }

    private var current: Token { tokens[position].token }
    private var column: Int { tokens[position].column }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func accept(_ symbols: String...) -> String? {
        for symbol in symbols {
            if current == .symbol(symbol) || current == .identifier(symbol) {
                advance()
                return symbol
            }
        }
        return nil
    }

    private mutating func orExpression() throws(RuleLanguageError) -> RuleExpression {
        var left = try andExpression()
        while true {
            let start = column
            guard accept("or", "||") != nil else { return left }
            left = .binary("or", left, try andExpression(), column: start)
        }
    }

    private mutating func andExpression() throws(RuleLanguageError) -> RuleExpression {
        var left = try notExpression()
        while true {
            let start = column
            guard accept("and", "&&") != nil else { return left }
            left = .binary("and", left, try notExpression(), column: start)
        }
    }

    private mutating func notExpression() throws(RuleLanguageError) -> RuleExpression {
        let start = column
        if accept("not", "!") != nil { return .unary("not", try notExpression(), column: start) }
        return try comparison()
    }

    private mutating func comparison() throws(RuleLanguageError) -> RuleExpression {
        let left = try additive()
        let start = column
        if let symbol = accept("==", "!=", "<=", ">=", "<", ">") {
            return .binary(symbol, left, try additive(), column: start)
        }
        return left
    }

    private mutating func additive() throws(RuleLanguageError) -> RuleExpression {
        var left = try multiplicative()
        while true {
            let start = column
            guard let symbol = accept("+", "-") else { return left }
            left = .binary(symbol, left, try multiplicative(), column: start)
        }
    }

    private mutating func multiplicative() throws(RuleLanguageError) -> RuleExpression {
        var left = try unary()
        while true {
            let start = column
            guard let symbol = accept("*", "/") else { return left }
            left = .binary(symbol, left, try unary(), column: start)
        }
    }

    private mutating func unary() throws(RuleLanguageError) -> RuleExpression {
        let start = column
        if accept("-") != nil { return .unary("-", try unary(), column: start) }
        return try primary()
    }

    private mutating func primary() throws(RuleLanguageError) -> RuleExpression {
        let start = column
        switch current {
        case .number(let literal):
            advance()
            guard let value = Decimal(string: literal) else { throw RuleLanguageError(column: start, "'\(literal)' is not a number") }
            return .literal(.decimal(value), column: start)
        case .string(let text):
            advance()
            return .literal(.string(text), column: start)
        case .identifier("true"):
            advance()
            return .literal(.bool(true), column: start)
        case .identifier("false"):
            advance()
            return .literal(.bool(false), column: start)
        case .identifier(let name):
            advance()
            guard accept("(") != nil else { return .fact(name, column: start) }
            var arguments: [RuleExpression] = []
            if accept(")") == nil {
                repeat { arguments.append(try orExpression()) } while accept(",") != nil
                guard accept(")") != nil else { throw RuleLanguageError(column: column, "expected ',' or ')' in the call of \(name)") }
            }
            return .call(name, arguments, column: start)
        case .symbol("("):
            advance()
            let inner = try orExpression()
            guard accept(")") != nil else { throw RuleLanguageError(column: column, "expected ')'") }
            return inner
        default:
            throw RuleLanguageError(column: start, "expected a value, a fact or a function call, found \(describe(current))")
        }
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let text): "the number \(text)"
        case .string(let text): "the string '\(text)'"
        case .identifier(let text): "'\(text)'"
        case .symbol(let text): "'\(text)'"
        case .end: "the end of the expression"
        }
    }

    private static func tokenize(_ text: String) throws(RuleLanguageError) -> [(token: Token, column: Int)] {
        var tokens: [(Token, Int)] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character.isASCII, character.isNumber {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isNumber || characters[end] == "." { end += 1 }
                tokens.append((.number(String(characters[index..<end])), column))
                index = end
            } else if character == "'" || character == "\"" {
                guard let close = characters[(index + 1)...].firstIndex(of: character) else { throw RuleLanguageError(column: column, "the string is not closed") }
                tokens.append((.string(String(characters[(index + 1)..<close])), column))
                index = close + 1
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                tokens.append((.identifier(String(characters[index..<end])), column))
                index = end
            } else {
                let pair = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(pair) {
                    tokens.append((.symbol(pair), column))
                    index += 2
                } else if "+-*/(),<>!".contains(character) {
                    tokens.append((.symbol(String(character)), column))
                    index += 1
                } else {
                    throw RuleLanguageError(column: column, "'\(character)' is not part of the rule language")
                }
            }
        }
        tokens.append((.end, characters.count + 1))
        return tokens
    }
}
