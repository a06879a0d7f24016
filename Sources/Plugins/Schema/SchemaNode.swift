import Foundation
import Wire

/// One schema (or subschema) checked and compiled by ``JSONSchemaValidator``: the supported
/// keywords with their values already type-checked, limits parsed as `Decimal` and patterns
/// compiled. Immutable, so it is shared freely between concurrent validations.
final class SchemaNode: Sendable {
    /// The JSON type names JSON Schema defines.
    static let typeNames: Set<String> = ["null", "boolean", "integer", "number", "string", "array", "object"]

    /// `false` as a schema: no value is valid.
    let rejectsEverything: Bool
    /// The allowed type names; nil when any type is allowed.
    let types: [String]?
    /// The `properties`, sorted by name so violations come in a stable order.
    let properties: [(name: String, schema: SchemaNode)]
    /// The `required` property names, in schema order.
    let required: [String]
    /// `additionalProperties: false`.
    let forbidsAdditionalProperties: Bool
    /// `additionalProperties` given as a schema.
    let additionalProperties: SchemaNode?
    /// `items`.
    let items: SchemaNode?
    let minItems: Int?
    let maxItems: Int?
    /// `minLength` and `maxLength`, counted in Unicode scalars.
    let minLength: Int?
    let maxLength: Int?
    /// `enum`.
    let allowedValues: [JSONValue]?
    /// `const`.
    let constant: JSONValue?
    /// Numeric limits: the literal (for messages) and its exact value.
    let minimum: (literal: String, value: Decimal)?
    let maximum: (literal: String, value: Decimal)?
    let exclusiveMinimum: (literal: String, value: Decimal)?
    let exclusiveMaximum: (literal: String, value: Decimal)?
    /// `pattern`.
    let pattern: SchemaPattern?
    /// `format`, kept only for the formats that are checked (`date`, `time`).
    let format: String?
    let anyOf: [SchemaNode]
    let oneOf: [SchemaNode]
    let allOf: [SchemaNode]

    /// Checks and compiles `schema`, found at `path` in the whole schema (empty for the root).
    /// A boolean is a schema too: `true` allows everything, `false` nothing.
    init(_ schema: JSONValue, at path: String) throws(JSONSchemaError) {
        let members: [String: JSONValue]
        switch schema {
        case .object(let object):
            members = object
            rejectsEverything = false
        case .bool(let allowed):
            members = [:]
            rejectsEverything = !allowed
        default:
            throw JSONSchemaError("\(path) must be a schema (an object, true or false), found \(Self.describe(schema))")
        }

        if members["$ref"] != nil {
            throw JSONSchemaError("\(Self.join(path, "$ref")) is not supported: write the referenced schema inline")
        }

        // type
        if let value = members["type"] {
            let at = Self.join(path, "type")
            let names: [JSONValue]
            switch value {
            case .string: names = [value]
            case .array(let elements) where !elements.isEmpty: names = elements
            default: throw JSONSchemaError("\(at) must be a type name or a non-empty array of type names")
            }
            var types: [String] = []
            for (index, name) in names.enumerated() {
                guard let text = name.stringValue, Self.typeNames.contains(text) else {
                    let place = value.stringValue != nil ? at : "\(at)[\(index)]"
                    throw JSONSchemaError("\(place) must be one of \(Self.typeNames.sorted().joined(separator: ", ")), found \(name.encodedString)")
                }
                types.append(text)
            }
            self.types = types
        } else {
            types = nil
        }

        // properties, required, additionalProperties
        if let value = members["properties"] {
            let at = Self.join(path, "properties")
            guard let object = value.objectValue else { throw JSONSchemaError("\(at) must be an object of schemas") }
            var properties: [(name: String, schema: SchemaNode)] = []
            for name in object.keys.sorted() {
                properties.append((name, try SchemaNode(object[name]!, at: Self.join(at, name))))
            }
            self.properties = properties
        } else {
            properties = []
        }
        if let value = members["required"] {
            let at = Self.join(path, "required")
            guard let elements = value.arrayValue else { throw JSONSchemaError("\(at) must be an array of property names") }
            var required: [String] = []
            for (index, element) in elements.enumerated() {
                guard let name = element.stringValue else { throw JSONSchemaError("\(at)[\(index)] must be a string") }
                required.append(name)
            }
            self.required = required
        } else {
            required = []
        }
        switch members["additionalProperties"] {
        case nil, .bool(true)?:
            forbidsAdditionalProperties = false; additionalProperties = nil
        case .bool(false)?:
            forbidsAdditionalProperties = true; additionalProperties = nil
        case .object(let object)?:
            forbidsAdditionalProperties = false
            additionalProperties = try SchemaNode(.object(object), at: Self.join(path, "additionalProperties"))
        default:
            throw JSONSchemaError("\(Self.join(path, "additionalProperties")) must be a boolean or a schema")
        }

        // items, minItems, maxItems
        switch members["items"] {
        case nil: items = nil
        case .bool(let allowed)?: items = try SchemaNode(.bool(allowed), at: Self.join(path, "items"))
        case .object(let object)?: items = try SchemaNode(.object(object), at: Self.join(path, "items"))
        case .array?: throw JSONSchemaError("\(Self.join(path, "items")) must be a schema; the array (tuple) form is not supported")
        default: throw JSONSchemaError("\(Self.join(path, "items")) must be a schema")
        }
        minItems = try Self.count(members, "minItems", path)
        maxItems = try Self.count(members, "maxItems", path)

        // enum, const
        if let value = members["enum"] {
            guard let elements = value.arrayValue, !elements.isEmpty else {
                throw JSONSchemaError("\(Self.join(path, "enum")) must be a non-empty array")
            }
            allowedValues = elements
        } else {
            allowedValues = nil
        }
        constant = members["const"]

        // numbers
        minimum = try Self.limit(members, "minimum", path)
        maximum = try Self.limit(members, "maximum", path)
        exclusiveMinimum = try Self.limit(members, "exclusiveMinimum", path)
        exclusiveMaximum = try Self.limit(members, "exclusiveMaximum", path)

        // strings
        minLength = try Self.count(members, "minLength", path)
        maxLength = try Self.count(members, "maxLength", path)
        if let value = members["pattern"] {
            let at = Self.join(path, "pattern")
            guard let source = value.stringValue else { throw JSONSchemaError("\(at) must be a string") }
            guard let pattern = SchemaPattern(source) else {
                throw JSONSchemaError("\(at) is not a valid regular expression: \(source)")
            }
            self.pattern = pattern
        } else {
            pattern = nil
        }
        if let value = members["format"] {
            guard let name = value.stringValue else { throw JSONSchemaError("\(Self.join(path, "format")) must be a string") }
            format = name == "date" || name == "time" ? name : nil
        } else {
            format = nil
        }

        // combinations
        anyOf = try Self.alternatives(members, "anyOf", path)
        oneOf = try Self.alternatives(members, "oneOf", path)
        allOf = try Self.alternatives(members, "allOf", path)
    }

    /// `base.keyword`, or `keyword` at the root.
    static func join(_ base: String, _ keyword: String) -> String {
        base.isEmpty ? keyword : "\(base).\(keyword)"
    }

    /// A non-negative integer keyword (`minLength`, `maxItems`, …).
    private static func count(_ members: [String: JSONValue], _ keyword: String, _ path: String) throws(JSONSchemaError) -> Int? {
        guard let value = members[keyword] else { return nil }
        if case .number(let literal) = value, SchemaNumber.isWhole(literal) {
            if let count = Int(literal), count >= 0 { return count }
            if let decimal = SchemaNumber.decimal(literal), decimal >= 0, decimal <= Decimal(Int32.max) {
                return NSDecimalNumber(decimal: decimal).intValue
            }
        }
        throw JSONSchemaError("\(join(path, keyword)) must be a non-negative integer")
    }

    /// A numeric limit keyword (`minimum`, `exclusiveMaximum`, …).
    private static func limit(_ members: [String: JSONValue], _ keyword: String, _ path: String) throws(JSONSchemaError) -> (literal: String, value: Decimal)? {
        guard let value = members[keyword] else { return nil }
        guard case .number(let literal) = value else { throw JSONSchemaError("\(join(path, keyword)) must be a number") }
        guard let decimal = SchemaNumber.decimal(literal) else {
            throw JSONSchemaError("\(join(path, keyword)) must be a number between about -1e165 and 1e165, found \(literal)")
        }
        return (literal, decimal)
    }

    /// `anyOf`, `oneOf` or `allOf`: a non-empty array of schemas.
    private static func alternatives(_ members: [String: JSONValue], _ keyword: String, _ path: String) throws(JSONSchemaError) -> [SchemaNode] {
        guard let value = members[keyword] else { return [] }
        let at = join(path, keyword)
        guard let elements = value.arrayValue, !elements.isEmpty else {
            throw JSONSchemaError("\(at) must be a non-empty array of schemas")
        }
        var nodes: [SchemaNode] = []
        for (index, element) in elements.enumerated() {
            nodes.append(try SchemaNode(element, at: "\(at)[\(index)]"))
        }
        return nodes
    }
}
