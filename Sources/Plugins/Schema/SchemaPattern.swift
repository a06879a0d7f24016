import Synchronization

/// A compiled `pattern` keyword: the regular expression text and its compiled form.
///
/// Patterns are Swift regular expressions matched on Unicode scalars, as ECMA-262 (the dialect
/// JSON Schema names) matches code points. They are not `NSRegularExpression`s: those run on
/// ICU, whose data costs the process megabytes of resident memory once a pattern is compiled,
/// and the built-in plugins' schemas compile theirs at startup.
final class SchemaPattern: Sendable {
    /// The pattern as written in the schema.
    let source: String
    /// The compiled expression. `Regex` is not `Sendable`; matching under the lock keeps one
    /// instance from being used by two threads at once.
    private let expression: Mutex<Regex<AnyRegexOutput>>

    /// Compiles `source`; nil when it is not a valid regular expression.
    init?(_ source: String) {
        guard let expression = try? Regex(source) else { return nil }
        self.source = source
        self.expression = Mutex(expression.matchingSemantics(.unicodeScalar))
    }

    /// Whether the pattern matches anywhere in `text` (an unanchored search, as JSON Schema specifies).
    func matches(_ text: String) -> Bool {
        expression.withLock { text.contains($0) }
    }
}
