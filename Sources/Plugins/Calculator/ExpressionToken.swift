import Foundation

/// One token of a calculator expression.
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case number(Decimal)
        case identifier(String)
        case symbol(Character)
        case end
    }

    var kind: Kind
    /// Offset of the token's first character (Unicode scalars).
    var position: Int
}

/// Splits an expression into numbers, names and the symbols `+ - * / ^ % ( ) ,`.
enum ExpressionLexer {
    static let symbols: Set<Character> = ["+", "-", "*", "/", "^", "%", "(", ")", ","]

    static func tokens(_ expression: String) throws(CalculationError) -> [ExpressionToken] {
        let scalars = Array(expression.unicodeScalars)
        var tokens: [ExpressionToken] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            let character = Character(scalar)
            if character.isASCII, character.isNumber || character == "." {
                let start = index
                var text = ""
                while index < scalars.count, Character(scalars[index]).isASCII, Character(scalars[index]).isNumber || scalars[index] == "." {
                    text.unicodeScalars.append(scalars[index])
                    index += 1
                }
                // An exponent such as 1e-4.
                if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
                    var exponent = "e"
                    var look = index + 1
                    if look < scalars.count, scalars[look] == "-" || scalars[look] == "+" {
                        exponent.unicodeScalars.append(scalars[look])
                        look += 1
                    }
                    if look < scalars.count, Character(scalars[look]).isASCII, Character(scalars[look]).isNumber {
                        while look < scalars.count, Character(scalars[look]).isASCII, Character(scalars[look]).isNumber {
                            exponent.unicodeScalars.append(scalars[look])
                            look += 1
                        }
                        text += exponent
                        index = look
                    }
                }
                guard text.filter({ $0 == "." }).count <= 1, text != ".", let value = Decimal(string: text) else {
                    throw CalculationError("'\(text)' is not a number", at: start)
                }
                tokens.append(ExpressionToken(kind: .number(value), position: start))
                continue
            }
            if character.isASCII, character.isLetter || character == "_" {
                let start = index
                var name = ""
                while index < scalars.count, Character(scalars[index]).isASCII,
                      Character(scalars[index]).isLetter || Character(scalars[index]).isNumber || scalars[index] == "_" {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(ExpressionToken(kind: .identifier(name.lowercased()), position: start))
                continue
            }
            let normalized: Character = switch character {
            case "×": "*"
            case "÷": "/"
            case "（": "("
            case "）": ")"
            case "，": ","
            case "％": "%"
            default: character
            }
            guard symbols.contains(normalized) else {
                throw CalculationError("unexpected character '\(character)'", at: index)
            }
            tokens.append(ExpressionToken(kind: .symbol(normalized), position: index))
            index += 1
        }
        tokens.append(ExpressionToken(kind: .end, position: scalars.count))
        return tokens
    }
}
