import Foundation

/// A compiled `pattern` keyword: the regular expression text and its compiled form.
///
/// `@unchecked Sendable` is safe: the class is final, both stored properties are `let` constants
/// set once in `init`, and `NSRegularExpression` is immutable after creation and documented as
/// thread-safe ("NSRegularExpression is designed to be immutable and thread safe"), so sharing
/// one instance between concurrent `validate` calls cannot race.
final class SchemaPattern: @unchecked Sendable {
    /// The pattern as written in the schema.
    let source: String
    /// The compiled expression (ICU syntax, close to the ECMA-262 dialect JSON Schema names).
    private let expression: NSRegularExpression

    /// Compiles `source`; nil when it is not a valid regular expression.
    init?(_ source: String) {
        guard let expression = try? NSRegularExpression(pattern: source, options: []) else { return nil }
        self.source = source
        self.expression = expression
    }

    /// Whether the pattern matches anywhere in `text` (an unanchored search, as JSON Schema specifies).
    func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }
}
