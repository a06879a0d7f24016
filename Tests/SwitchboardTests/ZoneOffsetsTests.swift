import Config
import Foundation
@testable import Pool
import Testing

@Suite("Zone offsets from the TZif zone database, and the pool calendar on them")
struct ZoneOffsetsTests {
    /// TZif version 2 data: an empty version 1 part, then `transitions` (time, index into
    /// `offsets`), the types' offsets, and `rule` as the footer.
    static func tzif(transitions: [(Int64, UInt8)], offsets: [Int32], rule: String, version: UInt8 = UInt8(ascii: "2")) -> [UInt8] {
        func header(times: Int, types: Int, chars: Int) -> [UInt8] {
            var bytes = Array("TZif".utf8) + [version] + Array(repeating: 0, count: 15)
            for count in [0, 0, 0, times, types, chars] { bytes += withUnsafeBytes(of: UInt32(count).bigEndian, Array.init) }
            return bytes
        }
        var bytes = header(times: 0, types: 1, chars: 4) + [0, 0, 0, 0, 0, 0] + Array("LMT\0".utf8)
        bytes += header(times: transitions.count, types: offsets.count, chars: 4)
        for (time, _) in transitions { bytes += withUnsafeBytes(of: time.bigEndian, Array.init) }
        bytes += transitions.map(\.1)
        for offset in offsets { bytes += withUnsafeBytes(of: offset.bigEndian, Array.init) + [0, 0] }
        bytes += Array("LMT\0".utf8)
        return bytes + Array("\n\(rule)\n".utf8)
    }

    static let shanghaiLike = tzif(transitions: [(-1_325_491_943, 1), (515_520_000, 2), (527_007_600, 1)], offsets: [29_143, 28_800, 32_400], rule: "CST-8")

    @Test("offsets before, between and after the transitions; the future from the footer's rule")
    func offsets() throws {
        let zone = try #require(ZoneOffsets(tzif: Self.shanghaiLike))
        #expect(zone.offset(at: -2_000_000_000) == 29_143)
        #expect(zone.offset(at: -1_325_491_943) == 28_800)
        #expect(zone.offset(at: 515_519_999) == 28_800)
        #expect(zone.offset(at: 515_520_000) == 32_400)
        #expect(zone.offset(at: 527_007_599) == 32_400)
        #expect(zone.offset(at: 527_007_600) == 28_800)
        #expect(zone.offset(at: 1_796_054_370) == 28_800)
        #expect(zone.future == 28_800)
    }

    @Test("fixed rules in the footer, with their sign turned east of UTC", arguments: [
        ("CST-8", 28_800), ("<+0530>-5:30", 19_800), ("UTC0", 0), ("<-03>3", -10_800), ("HST10", -36_000), ("XXX-5:45:30", 20_730),
    ])
    func fixedRules(rule: String, offset: Int) throws {
        let zone = try #require(ZoneOffsets(tzif: Self.tzif(transitions: [], offsets: [0], rule: rule)))
        #expect(zone.offset(at: 0) == 0)
        #expect(zone.future == offset)
    }

    @Test("zones with daylight saving time, empty or broken rules, version 1 data and other files are left to Foundation", arguments: [
        tzif(transitions: [], offsets: [0], rule: "EST5EDT,M3.2.0,M11.1.0"), tzif(transitions: [], offsets: [0], rule: ""),
        tzif(transitions: [], offsets: [0], rule: "CST--8"), tzif(transitions: [], offsets: [0], rule: "C-8"),
        tzif(transitions: [], offsets: [0], rule: "CST-8", version: 0), tzif(transitions: [(10, 0), (5, 0)], offsets: [0], rule: "UTC0"),
        tzif(transitions: [(10, 3)], offsets: [0], rule: "UTC0"), Array(tzif(transitions: [], offsets: [0], rule: "CST-8").dropLast(3)),
        Array("not a zone file at all, but long enough to hold a header.".utf8),
    ])
    func refused(bytes: [UInt8]) {
        #expect(ZoneOffsets(tzif: bytes) == nil)
    }

    @Test("a zone is read by its name from the database folder, and only names inside it are opened")
    func byName() throws {
        let directory = ScratchSpace.path("zoneinfo")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Asia"), withIntermediateDirectories: true)
        try Data(Self.shanghaiLike).write(to: directory.appendingPathComponent("Asia/Test"))
        #expect(ZoneOffsets(identifier: "Asia/Test", directory: directory.path)?.future == 28_800)
        for name in ["Asia/Missing", "../zoneinfo/Asia/Test", "Asia/../Asia/Test", "/Asia/Test", "Asia//Test", "", "Asia/Te st"] {
            #expect(ZoneOffsets(identifier: name, directory: directory.path) == nil, "\(name)")
        }
    }

    @Test("the system's zone database has Asia/Shanghai at UTC+8 (Debian's tzdata)")
    func systemDatabase() throws {
        let shanghai = try #require(ZoneOffsets(identifier: "Asia/Shanghai"), "install tzdata: /usr/share/zoneinfo/Asia/Shanghai is missing")
        #expect(shanghai.offset(at: 1_796_054_370) == 28_800)
        #expect(shanghai.future == 28_800)
        #expect(ZoneOffsets(identifier: "UTC")?.future == 0)
        #expect(ZoneOffsets(identifier: "America/New_York") == nil)
    }

    @Test("the pool calendar on the zone database names the same windows as Foundation's calendar", arguments: ["Asia/Shanghai", "Asia/Hong_Kong", "UTC"])
    func sameWindowsAsFoundation(zone: String) throws {
        let offsets = try #require(ZoneOffsets(identifier: zone))
        let database = PoolCalendar(offsets: offsets)
        let foundation = PoolCalendar(foundationZone: zone)
        // Every 7 h 13 min 17 s over four years (every hour of the day, every day of the month),
        // and the seconds around each month's end in that zone.
        var instants = stride(from: 1_767_225_600.0, to: 1_893_456_000, by: 25_997).map { Date(timeIntervalSince1970: $0) }
        var monthEnd = foundation.windows(at: Date(timeIntervalSince1970: 1_767_225_600)).monthEnd
        for _ in 0..<48 {
            instants += [monthEnd - 1, monthEnd, monthEnd + 0.5].map { Date(timeIntervalSince1970: $0) }
            monthEnd = foundation.windows(at: Date(timeIntervalSince1970: monthEnd)).monthEnd
        }
        for instant in instants {
            #expect(database.windows(at: instant) == foundation.windows(at: instant), "\(zone) at \(instant.timeIntervalSince1970)")
        }
    }
}
