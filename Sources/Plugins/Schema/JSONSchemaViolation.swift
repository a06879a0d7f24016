/// One way a JSON value fails its schema: where (`$`, `$.holding.total`, `$.codes[2]`) and what
/// is wrong, in plain English a model can act on, e.g. `expected an integer, found a string`.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// Where the offending value is, as a JSONPath from the root `$`.
    public var path: String
    /// What is wrong with the value at `path`.
    public var message: String

    /// Creates a violation at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, e.g. `$.qty: expected an integer, found a string`.
    public var description: String { "\(path): \(message)" }
}
