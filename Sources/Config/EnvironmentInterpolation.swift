/// Replaces `${NAME}` and `${NAME:-fallback}` in configuration values with environment variables.
///
/// `$${` is a literal `${`. A `${NAME}` whose variable is unset (or set to the empty string)
/// without a fallback is an error naming the variable, so a missing secret stops the start
/// instead of reaching a backend as an empty key.
public struct EnvironmentInterpolation: Sendable {
    /// A reference to a variable that is not set.
    public struct UnsetVariable: Error, Sendable, Equatable {
        /// The variable's name.
        public var name: String
    }

    private let environment: [String: String]

    /// Creates an interpolator reading from `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The names of the variables `text` refers to (`${NAME}` or `${NAME:-fallback}`), in order, once each.
    public static func referencedNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                rest = rest[start.upperBound...]
                continue
            }
            let name = rest[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty, !names.contains(String(name)) { names.append(String(name)) }
            rest = rest[start.upperBound...]
        }
        return names
    }

    /// `text` with every reference replaced.
    public func expand(_ text: String) throws(UnsetVariable) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            if rest[afterDollar...].hasPrefix("${") {
                output += "${"
                rest = rest[rest.index(afterDollar, offsetBy: 2)...]
                continue
            }
            guard rest[afterDollar...].hasPrefix("{"), let close = rest[afterDollar...].firstIndex(of: "}") else {
                output += "$"
                rest = rest[afterDollar...]
                continue
            }
            let reference = rest[rest.index(after: afterDollar)..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = reference.range(of: ":-") {
                name = reference[..<separator.lowerBound]
                fallback = reference[separator.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            if let value = environment[String(name)], !value.isEmpty {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                throw UnsetVariable(name: String(name))
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }
}
