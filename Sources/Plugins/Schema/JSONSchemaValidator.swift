import Foundation
import Wire

/// Checks plugin (tool) arguments against the JSON Schema that describes them.
///
/// The schema is checked and compiled once, in ``init(schema:)``; ``validate(_:)`` can then be
/// called any number of times, from any task. Supported keywords: `type`, `properties`,
/// `required`, `additionalProperties`, `items`, `minItems`, `maxItems`, `enum`, `const`,
/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (compared exactly, as `Decimal`),
/// `minLength`, `maxLength` (counted in Unicode scalars), `pattern` (an unanchored search),
/// `format` (`date` and `time` are checked, other formats accepted), `anyOf`, `oneOf`, `allOf`.
/// Annotations (`description`, `title`, `default`, …) and unknown keywords are ignored; `$ref`
/// is rejected.
public struct JSONSchemaValidator: Sendable {
    /// The schema, as given.
    public let schema: JSONValue
    private let root: SchemaNode

    /// Checks and compiles `schema`. Throws when it is not an object, when a keyword's value has
    /// the wrong type, when it uses `$ref`, or when a `pattern` is not a valid regular
    /// expression; the error names the place, e.g. `properties.qty.minimum must be a number`.
    public init(schema: JSONValue) throws(JSONSchemaError) {
        guard case .object = schema else {
            throw JSONSchemaError("the schema must be an object, found \(SchemaNode.describe(schema))")
        }
        self.schema = schema
        self.root = try SchemaNode(schema, at: "")
    }

    /// Every way `value` fails the schema, in a stable order; empty when it is valid. Once a
    /// value has the wrong type, nothing inside it is checked further.
    public func validate(_ value: JSONValue) -> [JSONSchemaViolation] {
        root.violations(of: value, at: "$")
    }
}
