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

    /// An absolute `http` or `https` URL with a host: the scheme (any case), `://`, an
    /// authority whose host is not empty and whose port, if given, is a number up to 65535, then
    /// an optional path, query and fragment. Only the characters RFC 3986 allows are accepted
    /// (ASCII letters, digits, `-._~:/?#[]@!$&'()*+,;=` and `%` escapes), so a space or a
    /// control character is refused.
    static func isHTTPURL(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy(isURLByte) else { return false }
        let lowered = text.lowercased()
        let schemeLength = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
        guard schemeLength > 0 else { return false }
        let rest = bytes[schemeLength...]
        let authority = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        let hostAndPort = authority.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false).last ?? authority[...]
        let host: ArraySlice<UInt8>
        let port: ArraySlice<UInt8>?
        if hostAndPort.first == UInt8(ascii: "[") {
            guard let close = hostAndPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            host = hostAndPort[hostAndPort.startIndex + 1..<close]
            let after = hostAndPort[(close + 1)...]
            guard after.isEmpty || after.first == UInt8(ascii: ":") else { return false }
            port = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = hostAndPort.firstIndex(of: UInt8(ascii: ":")) {
            host = hostAndPort[..<colon]
            port = hostAndPort[(colon + 1)...]
        } else {
            host = hostAndPort
            port = nil
        }
        guard !host.isEmpty, !host.contains(UInt8(ascii: "[")), !host.contains(UInt8(ascii: "]")) else { return false }
        if let port, !port.isEmpty {
            guard port.count <= 5, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let number = Int(String(decoding: port, as: UTF8.self)), number <= 65535
            else { return false }
        }
        return true
    }

    private static func isURLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(byte)
        }
    }
}
