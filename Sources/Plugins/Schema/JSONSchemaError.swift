/// Why a JSON Schema cannot be used for validation: it is not an object, a keyword has a value
/// of the wrong type, it uses `$ref`, or a `pattern` is not a valid regular expression. The
/// message names the place in the schema, e.g. `properties.qty.minimum must be a number`.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the schema and where.
    public var message: String

    /// Creates an error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
