import Foundation

/// Parsers for the value formats used in configuration: durations, byte sizes, listen addresses.
enum ValueParsers {
    /// `"250ms"`, `"2s"`, `"1.5s"`, `"5m"`, `"1h"`, or a bare number of seconds.
    static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            guard let value = Double(number), value >= 0, value.isFinite else { return nil }
            return .milliseconds(Int64((value * unit.milliseconds).rounded()))
        }
        guard let seconds = Double(trimmed), seconds >= 0, seconds.isFinite else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// `"4MiB"`, `"512KiB"`, `"1GiB"`, `"4MB"`, `"1000"` (bytes).
    static func byteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, factor: Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
        ]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            guard let value = Int(trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
            return value * unit.factor
        }
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }

    /// `"127.0.0.1:8080"`, `"[::1]:8080"`, `"localhost:0"`.
    static func listenAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return (host, port)
    }

    /// An absolute `http` or `https` URL with a host.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
