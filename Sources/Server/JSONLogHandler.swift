import Foundation
import Logging
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"ts":"…","level":"info","logger":"switchboard","msg":"exchange","request_id":"…",…}`.
///
/// Metadata values are written as strings (arrays as arrays); a ``JSONLogFields`` value puts its
/// members into the line in its place. Lines go through ``LogOutput``
/// (written in batches by a thread of its own, errors at once), whole, so lines from
/// concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    /// Metadata attached to every line from this handler.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level
    private let label: String
    private let output: LogOutput

    /// Creates a handler for `label` at `level`, writing to `output`.
    public init(label: String, level: Logger.Level = .info, output: LogOutput = .standardError) {
        self.label = label
        logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line: [UInt8] = []
        line.reserveCapacity(512)
        line.append(contentsOf: #"{"ts":""#.utf8)
        Self.appendTimestamp(to: &line)
        line.append(contentsOf: #"","level":"#.utf8)
        JSONStringLiteral.append(event.level.rawValue, to: &line)
        line.append(contentsOf: #","logger":"#.utf8)
        JSONStringLiteral.append(label, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONStringLiteral.append(event.message.description, to: &line)
        // The handler's own metadata is usually empty: the event's is then used as it is.
        let merged: Logger.Metadata
        if metadata.isEmpty {
            merged = event.metadata ?? [:]
        } else {
            merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) where !Self.isReserved(key) {
            if case .stringConvertible(let convertible) = value, let fields = convertible as? JSONLogFields {
                // Encoded ahead of time by a line written on every request: its members go in whole.
                if !fields.members.isEmpty {
                    line.append(UInt8(ascii: ","))
                    line.append(contentsOf: fields.members)
                }
                continue
            }
            line.append(UInt8(ascii: ","))
            JSONStringLiteral.append(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.append(value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        output.append(line, urgent: event.level >= .error)
    }

    /// The keys every line has already.
    private static func isReserved(_ key: String) -> Bool {
        switch key {
        case "ts", "level", "logger", "msg": true
        default: false
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

    /// Appends the time now as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC), digit by digit.
    static func appendTimestamp(to line: inout [UInt8]) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        line.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        line.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        line.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        line.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        line.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        line.append(UInt8(ascii: "."))
        digits(Int(time.tv_nsec) / 1_000_000, 3)
        line.append(UInt8(ascii: "Z"))
    }
}
