import Foundation
import Yams

/// Typed access to a YAML node tree that records, rather than throws, every problem it meets,
/// so that one run of `check-config` reports all of them with their line and key.
struct ConfigReader {
    let file: String
    let interpolation: EnvironmentInterpolation
    private(set) var diagnostics: [ConfigDiagnostic] = []

    init(file: String, interpolation: EnvironmentInterpolation) {
        self.file = file
        self.interpolation = interpolation
    }

    mutating func report(_ node: Node?, key: String, _ message: String) {
        let mark = node?.mark
        diagnostics.append(ConfigDiagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, key: key, message: message))
    }

    /// True for an explicit YAML null (`~`, `null`, or nothing after the colon).
    func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node {
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    /// The members of a mapping; reports a non-mapping, unknown keys (nil allows any) and duplicate keys.
    mutating func mapping(_ node: Node, key: String, allowed: [String]?) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, key: key, "expected a mapping (key: value pairs)")
            return nil
        }
        var members: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(keyNode, key: key, "keys must be plain strings")
                continue
            }
            let name = scalar.string
            let path = key.isEmpty ? name : "\(key).\(name)"
            if let allowed, !allowed.contains(name) {
                report(keyNode, key: path, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
                continue
            }
            if members[name] != nil {
                report(keyNode, key: path, "duplicate key")
                continue
            }
            members[name] = value
        }
        return members
    }

    /// The items of a sequence; reports anything else.
    mutating func sequence(_ node: Node, key: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, key: key, "expected a list")
            return nil
        }
        return Array(sequence)
    }

    /// A string scalar with `${ENV}` references expanded.
    mutating func string(_ node: Node, key: String) -> String? {
        scalarText(node, key: key, expected: "a string")
    }

    /// The text of a scalar with `${ENV}` references expanded; a list or mapping is reported as
    /// not being what was `expected` (the value's own description, such as "a whole number").
    private mutating func scalarText(_ node: Node, key: String, expected: String) -> String? {
        guard case .scalar(let scalar) = node else {
            let found = if case .sequence = node { "a list" } else if case .mapping = node { "a mapping" } else { "an alias" }
            report(node, key: key, "expected \(expected), found \(found)")
            return nil
        }
        do {
            return try interpolation.expand(scalar.string)
        } catch {
            report(node, key: key, "environment variable \(error.name) is not set; export it or write ${\(error.name):-fallback}")
            return nil
        }
    }

    /// A non-empty string.
    mutating func nonEmptyString(_ node: Node, key: String) -> String? {
        guard let text = string(node, key: key) else { return nil }
        guard !text.isEmpty else {
            report(node, key: key, "must not be empty")
            return nil
        }
        return text
    }

    /// An integer within `range`.
    mutating func integer(_ node: Node, key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = scalarText(node, key: key, expected: "a whole number") else { return nil }
        guard let value = Int(text) else {
            report(node, key: key, "expected a whole number, found '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            report(node, key: key, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    /// A decimal number written exactly (`"20000.00"`, `0.1`), for money and fractions.
    mutating func decimal(_ node: Node, key: String) -> Decimal? {
        guard let text = scalarText(node, key: key, expected: "a number such as \"20000.00\"") else { return nil }
        let valid = !text.isEmpty && text.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
            && text.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1 && !text.dropFirst().contains("-")
        guard valid, let value = Decimal(string: text) else {
            report(node, key: key, "expected a number such as \"20000.00\", found '\(text)'")
            return nil
        }
        return value
    }

    /// A duration such as `250ms`, `2s`, `5m` or a number of seconds.
    mutating func duration(_ node: Node, key: String) -> Duration? {
        guard let text = scalarText(node, key: key, expected: "a duration such as 500ms, 2s or 5m") else { return nil }
        guard let value = ValueParsers.duration(text) else {
            report(node, key: key, "expected a duration such as 500ms, 2s or 5m, found '\(text)'")
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func bool(_ node: Node, key: String) -> Bool? {
        guard let text = scalarText(node, key: key, expected: "true or false") else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            report(node, key: key, "expected true or false, found '\(text)'")
            return nil
        }
    }

    /// A byte size such as `4MiB` or a number of bytes.
    mutating func byteSize(_ node: Node, key: String) -> Int? {
        guard let text = scalarText(node, key: key, expected: "a size such as 4MiB, 512KiB or a number of bytes") else { return nil }
        guard let value = ValueParsers.byteSize(text) else {
            report(node, key: key, "expected a size such as 4MiB, 512KiB or a number of bytes, found '\(text)'")
            return nil
        }
        return value
    }

    /// One of an enumeration's raw values.
    mutating func choice<Value: RawRepresentable & CaseIterable>(_ node: Node, key: String, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        let options = Value.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = scalarText(node, key: key, expected: "one of: \(options)") else { return nil }
        guard let value = Value(rawValue: text) else {
            report(node, key: key, "'\(text)' is not one of: \(options)")
            return nil
        }
        return value
    }

    /// A list of strings.
    mutating func strings(_ node: Node, key: String) -> [String]? {
        guard let items = sequence(node, key: key) else { return nil }
        return items.enumerated().compactMap { index, item in nonEmptyString(item, key: "\(key)[\(index)]") }
    }

    /// A mapping of strings to strings.
    mutating func stringMap(_ node: Node, key: String) -> [String: String]? {
        guard case .mapping(let mapping) = node else {
            report(node, key: key, "expected a mapping of names to values")
            return nil
        }
        var result: [String: String] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let name) = keyNode, let text = string(value, key: "\(key).\(name.string)") else { continue }
            result[name.string] = text
        }
        return result
    }
}
