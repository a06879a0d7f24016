/// A strict reader of the Prometheus text exposition format (version 0.0.4), so tests prove
/// `/metrics` is parseable, not merely present.
enum PrometheusText {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every sample, keyed by its name with labels exactly as written (`name{a="b"}`).
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for (number, line) in text.split(separator: "\n").enumerated() {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " ") else { throw ParseError(description: "line \(number + 1) has no value: \(line)") }
            let series = String(line[..<space])
            let valueText = line[line.index(after: space)...]
            guard let value = Double(valueText) ?? (valueText == "+Inf" ? .infinity : nil) else {
                throw ParseError(description: "line \(number + 1) has a bad value: \(line)")
            }
            let name = series.prefix { $0 != "{" }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
                throw ParseError(description: "line \(number + 1) has a bad metric name: \(line)")
            }
            if series.contains("{") && !series.hasSuffix("}") { throw ParseError(description: "line \(number + 1) has unclosed labels: \(line)") }
            samples[series] = value
        }
        return samples
    }
}
