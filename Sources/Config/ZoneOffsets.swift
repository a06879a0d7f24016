import Foundation

/// The UTC offsets of one IANA time zone, read from the system's zone database (the TZif files
/// under `/usr/share/zoneinfo` that the C library reads), for zones whose rule from their last
/// transition on is one fixed offset, such as Asia/Shanghai, Asia/Hong_Kong or UTC.
///
/// Foundation answers the same questions through ICU, which costs the process megabytes of
/// resident memory; zones that still change their clocks (daylight saving time) are left to it.
public struct ZoneOffsets: Sendable, Equatable {
    /// One change of the zone's offset.
    public struct Transition: Sendable, Equatable {
        /// When it happens, in seconds since the Unix epoch.
        public var at: Int64
        /// The offset from then on, in seconds east of UTC.
        public var offset: Int
    }

    /// The offset before the first transition, in seconds east of UTC.
    public let initial: Int
    /// The transitions, in time order.
    public let transitions: [Transition]
    /// The offset from the last transition on, in seconds east of UTC.
    public let future: Int

    /// The zone named `identifier` in the zone database at `directory`; nil when the name is not
    /// a plain relative path, the file is missing or not TZif (version 2 or later), or the zone
    /// still has daylight saving time.
    public init?(identifier: String, directory: String = "/usr/share/zoneinfo") {
        let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
        guard !identifier.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              identifier.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "0123456789/_-+".unicodeScalars.contains($0)) }),
              let data = FileManager.default.contents(atPath: directory + "/" + identifier)
        else { return nil }
        self.init(tzif: Array(data))
    }

    /// The zone described by the TZif data `bytes` (RFC 8536, version 2 or later); nil when the
    /// data is not such a file or its rule for the future has daylight saving time.
    public init?(tzif bytes: [UInt8]) {
        var reader = TZifReader(bytes: bytes)
        guard let parsed = reader.parse() else { return nil }
        (initial, transitions, future) = parsed
    }

    /// The offset in seconds east of UTC at `seconds` since the Unix epoch.
    public func offset(at seconds: Int64) -> Int {
        guard let first = transitions.first, seconds >= first.at else { return initial }
        guard let last = transitions.last, seconds < last.at else { return future }
        var low = 0, high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitions[middle].at <= seconds { low = middle } else { high = middle - 1 }
        }
        return transitions[low].offset
    }
}

/// Reads the version 2 (64-bit) part of TZif data and the POSIX TZ rule at its end.
private struct TZifReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse() -> (initial: Int, transitions: [ZoneOffsets.Transition], future: Int)? {
        guard let first = header(), first.version >= 2 else { return nil }
        // Skip the version 1 data (32-bit times) to the second header.
        position += first.timeCount * 5 + first.typeCount * 6 + first.charCount + first.leapCount * 8 + first.standardCount + first.utcCount
        guard let second = header(), second.typeCount > 0 else { return nil }
        var times: [Int64] = []
        times.reserveCapacity(second.timeCount)
        for _ in 0..<second.timeCount {
            guard let time = integer(8) else { return nil }
            times.append(time)
        }
        var typeIndices: [Int] = []
        for _ in 0..<second.timeCount {
            guard let index = integer(1), index < second.typeCount else { return nil }
            typeIndices.append(Int(index))
        }
        var offsets: [Int] = []
        for _ in 0..<second.typeCount {
            guard let offset = integer(4).map({ Int(Int32(truncatingIfNeeded: $0)) }), integer(2) != nil else { return nil }
            offsets.append(offset)
        }
        position += second.charCount + second.leapCount * 12 + second.standardCount + second.utcCount
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n"),
              let end = bytes[(position + 1)...].firstIndex(of: UInt8(ascii: "\n")),
              let future = Self.fixedOffset(ofRule: String(decoding: bytes[(position + 1)..<end], as: UTF8.self))
        else { return nil }
        let transitions = zip(times, typeIndices).map { ZoneOffsets.Transition(at: $0, offset: offsets[$1]) }
        guard zip(transitions, transitions.dropFirst()).allSatisfy({ $0.at < $1.at }) else { return nil }
        return (offsets[0], transitions, future)
    }

    /// The counts of a TZif header, and its version (0 for version 1).
    private mutating func header() -> (version: Int, utcCount: Int, standardCount: Int, leapCount: Int, timeCount: Int, typeCount: Int, charCount: Int)? {
        guard position + 44 <= bytes.count, bytes[position..<(position + 4)].elementsEqual("TZif".utf8) else { return nil }
        let versionByte = bytes[position + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
        position += 20
        var counts: [Int] = []
        for _ in 0..<6 {
            guard let count = integer(4), count < 1 << 20 else { return nil }
            counts.append(Int(count))
        }
        return (version, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
    }

    /// A big-endian integer of `size` bytes (sign-extended for 8 bytes).
    private mutating func integer(_ size: Int) -> Int64? {
        guard position + size <= bytes.count else { return nil }
        var value: UInt64 = 0
        for byte in bytes[position..<(position + size)] { value = value << 8 | UInt64(byte) }
        position += size
        return Int64(bitPattern: value)
    }

    /// The offset east of UTC of a POSIX TZ rule without daylight saving time (`CST-8`,
    /// `<+0530>-5:30`, `UTC0`); nil for a rule that names a daylight saving zone, or for none.
    static func fixedOffset(ofRule rule: String) -> Int? {
        var scalars = Substring(rule).unicodeScalars[...]
        // The zone's abbreviation: three or more letters, or anything in angle brackets.
        if scalars.first == "<" {
            guard let close = scalars.firstIndex(of: ">") else { return nil }
            scalars = scalars[scalars.index(after: close)...]
        } else {
            let letters = scalars.prefix { $0.properties.isAlphabetic && $0.isASCII }
            guard letters.count >= 3 else { return nil }
            scalars = scalars.dropFirst(letters.count)
        }
        // The offset west of UTC: [+-]hh[:mm[:ss]].
        var sign = 1
        if scalars.first == "+" || scalars.first == "-" {
            if scalars.first == "-" { sign = -1 }
            scalars = scalars.dropFirst()
        }
        let fields = String(String.UnicodeScalarView(scalars)).split(separator: ":", omittingEmptySubsequences: false)
        func isNumber(_ field: Substring, digits: ClosedRange<Int>) -> Bool {
            digits.contains(field.utf8.count) && field.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        guard (1...3).contains(fields.count), isNumber(fields[0], digits: 1...3), let hours = Int(fields[0]), hours <= 167 else { return nil }
        var west = hours * 3600
        for (index, field) in fields.dropFirst().enumerated() {
            guard isNumber(field, digits: 1...2), let value = Int(field), value < 60 else { return nil }
            west += index == 0 ? value * 60 : value
        }
        return -sign * west
    }
}
