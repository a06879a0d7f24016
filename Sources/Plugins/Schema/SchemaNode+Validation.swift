import Foundation
import Wire

/// Checking a value against a compiled schema.
extension SchemaNode {
    /// Appends every way `value` (found at `path`) fails this schema to `violations`. When the
    /// value has the wrong type, that is the only violation reported for it.
    func validate(_ value: JSONValue, at path: String, into violations: inout [JSONSchemaViolation]) {
        func report(_ message: String, at place: String = path) {
            violations.append(JSONSchemaViolation(path: place, message: message))
        }
        if rejectsEverything {
            report("no value is allowed here")
            return
        }
        if let types, !types.contains(where: { Self.has(type: $0, value) }) {
            report("expected \(Self.list(types.map(Self.article))), found \(Self.describe(value))")
            return
        }
        if let allowedValues, !allowedValues.contains(where: { SchemaNumber.equal($0, value) }) {
            report("must be one of \(allowedValues.map(\.encodedString).joined(separator: ", "))")
        }
        if let constant, !SchemaNumber.equal(constant, value) {
            report("must be \(constant.encodedString)")
        }

        switch value {
        case .number(let literal):
            validateNumber(literal, report: { report($0) })
        case .string(let text):
            validateString(text, report: { report($0) })
        case .array(let elements):
            if let minItems, elements.count < minItems {
                report("must have at least \(Self.count(minItems, "item")), found \(elements.count)")
            }
            if let maxItems, elements.count > maxItems {
                report("must have at most \(Self.count(maxItems, "item")), found \(elements.count)")
            }
            if let items {
                for (index, element) in elements.enumerated() {
                    items.validate(element, at: "\(path)[\(index)]", into: &violations)
                }
            }
        case .object(let members):
            for name in required where members[name] == nil {
                report("the property '\(name)' is required")
            }
            for (name, schema) in properties {
                if let member = members[name] {
                    schema.validate(member, at: Self.child(path, name), into: &violations)
                }
            }
            if forbidsAdditionalProperties || additionalProperties != nil {
                let known = Set(properties.map(\.name))
                for name in members.keys.sorted() where !known.contains(name) {
                    if let additionalProperties {
                        additionalProperties.validate(members[name]!, at: Self.child(path, name), into: &violations)
                    } else {
                        let allowed = properties.isEmpty
                            ? "no properties are allowed"
                            : "allowed: \(properties.map(\.name).joined(separator: ", "))"
                        report("is not an allowed property (\(allowed))", at: Self.child(path, name))
                    }
                }
            }
        case .null, .bool:
            break
        }

        for schema in allOf {
            schema.validate(value, at: path, into: &violations)
        }
        if !anyOf.isEmpty {
            let failures = anyOf.map { $0.violations(of: value, at: path) }
            if !failures.contains(where: \.isEmpty) {
                report("must match at least one of these alternatives: \(Self.summary(failures, at: path))")
            }
        }
        if !oneOf.isEmpty {
            let failures = oneOf.map { $0.violations(of: value, at: path) }
            let matching = failures.indices.filter { failures[$0].isEmpty }.map { String($0 + 1) }
            if matching.isEmpty {
                report("must match exactly one of these alternatives: \(Self.summary(failures, at: path))")
            } else if matching.count > 1 {
                report("must match exactly one of the oneOf alternatives, but matches alternatives \(Self.list(matching, and: true))")
            }
        }
    }

    /// The violations of `value` alone.
    func violations(of value: JSONValue, at path: String) -> [JSONSchemaViolation] {
        var violations: [JSONSchemaViolation] = []
        validate(value, at: path, into: &violations)
        return violations
    }

    private func validateNumber(_ literal: String, report: (String) -> Void) {
        let limits = [minimum, maximum, exclusiveMinimum, exclusiveMaximum].compactMap { $0 }
        guard !limits.isEmpty else { return }
        guard let number = SchemaNumber.decimal(literal) else {
            report("cannot be compared exactly with \(limits.map(\.literal).joined(separator: " and ")): use a number between 1e-128 and 1e165 in size")
            return
        }
        if let minimum, number < minimum.value { report("must be at least \(minimum.literal)") }
        if let maximum, number > maximum.value { report("must be at most \(maximum.literal)") }
        if let exclusiveMinimum, number <= exclusiveMinimum.value { report("must be greater than \(exclusiveMinimum.literal)") }
        if let exclusiveMaximum, number >= exclusiveMaximum.value { report("must be less than \(exclusiveMaximum.literal)") }
    }

    private func validateString(_ text: String, report: (String) -> Void) {
        if minLength != nil || maxLength != nil {
            let length = text.unicodeScalars.count
            if let minLength, length < minLength {
                report("must be at least \(Self.count(minLength, "character")) long, found \(length)")
            }
            if let maxLength, length > maxLength {
                report("must be at most \(Self.count(maxLength, "character")) long, found \(length)")
            }
        }
        if let pattern, !pattern.matches(text) {
            report("must match the pattern \(pattern.source)")
        }
        switch format {
        case "date"?:
            let bytes = Array(text.utf8)
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let year = Self.digits(bytes[0..<4]), let month = Self.digits(bytes[5..<7]), let day = Self.digits(bytes[8..<10])
            else {
                report("must be a date in the form YYYY-MM-DD, e.g. 2024-03-15")
                return
            }
            if CalendarDay(year: year, month: month, day: day) == nil {
                report("must be a real calendar date (\(text) does not exist)")
            }
        case "time"?:
            let bytes = Array(text.utf8)
            guard bytes.count == 8, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
                  let hour = Self.digits(bytes[0..<2]), let minute = Self.digits(bytes[3..<5]), let second = Self.digits(bytes[6..<8]),
                  hour <= 23, minute <= 59, second <= 59
            else {
                report("must be a time in the form HH:MM:SS on a 24-hour clock (00:00:00 to 23:59:59), e.g. 09:30:00")
                return
            }
        default:
            break
        }
    }

    /// Whether `value` is of the JSON Schema type `name`. Booleans are never numbers.
    private static func has(type name: String, _ value: JSONValue) -> Bool {
        switch (name, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object):
            return true
        case ("integer", .number(let literal)):
            return SchemaNumber.isWhole(literal)
        default:
            return false
        }
    }

    /// The type of `value` with its article, e.g. `a string`, `an integer`, `null`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let literal): SchemaNumber.isWhole(literal) ? "an integer" : "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A type name with its article.
    private static func article(_ name: String) -> String {
        switch name {
        case "null": "null"
        case "integer", "array", "object": "an \(name)"
        default: "a \(name)"
        }
    }

    /// `a`, `a or b`, `a, b or c` (`and` instead of `or` when asked).
    private static func list(_ items: [String], and: Bool = false) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (and ? " and " : " or ") + items.last!
    }

    /// `1 item`, `3 items`.
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// What went wrong with each alternative of `anyOf` or `oneOf`, e.g.
    /// `(1) expected a string, found an integer; (2) must be at least 0`.
    private static func summary(_ failures: [[JSONSchemaViolation]], at path: String) -> String {
        failures.enumerated().map { index, violations in
            let reasons = violations.map { $0.path == path ? $0.message : $0.description }
            return "(\(index + 1)) \(reasons.joined(separator: " and "))"
        }.joined(separator: "; ")
    }

    /// The path of member `name` under `path`: `$.total` for plain names, `$["unit price"]` otherwise.
    static func child(_ path: String, _ name: String) -> String {
        let scalars = name.unicodeScalars
        let plain = !scalars.isEmpty && scalars.allSatisfy { scalar in
            scalar == "_" || (scalar.isASCII ? scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) : scalar.properties.isAlphabetic)
        } && !("0"..."9").contains(scalars.first!)
        return plain ? "\(path).\(name)" : "\(path)[\(JSONValue.string(name).encodedString)]"
    }

    /// The value of a run of ASCII digits; nil when any byte is not one.
    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
