import Foundation
import Logging
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"ts":"…","level":"info","logger":"switchboard","msg":"exchange","request_id":"…",…}`.
///
/// Metadata values are written as strings (arrays as arrays). Each line is emitted with a
/// single `write`, so lines from concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    /// Metadata attached to every line from this handler.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level
    private let label: String

    /// Creates a handler for `label` at `level`.
    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line: [UInt8] = Array(#"{"ts":"#.utf8)
        JSONStringLiteral.append(Self.timestamp(), to: &line)
        line.append(contentsOf: #","level":"#.utf8)
        JSONStringLiteral.append(event.level.rawValue, to: &line)
        line.append(contentsOf: #","logger":"#.utf8)
        JSONStringLiteral.append(label, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONStringLiteral.append(event.message.description, to: &line)
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for key in merged.keys.sorted() {
            guard let value = merged[key], !["ts", "level", "logger", "msg"].contains(key) else { continue }
            line.append(UInt8(ascii: ","))
            JSONStringLiteral.append(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.append(value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        line.withUnsafeBytes { bytes in
            _ = write(2, bytes.baseAddress, bytes.count)
        }
    }

    private static func append(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let text): JSONStringLiteral.append(text, to: &line)
        case .stringConvertible(let convertible): JSONStringLiteral.append(convertible.description, to: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                append(element, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONStringLiteral.append(key, to: &line)
                line.append(UInt8(ascii: ":"))
                append(dictionary[key]!, to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    private static func timestamp() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let milliseconds = Int(time.tv_nsec) / 1_000_000
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}
