import Foundation
import GRDB
@testable import Store
import Testing

@Suite("Stored dates read without Foundation's calendar")
struct StoredDateTests {
    @Test("text GRDB writes for a date reads back as GRDB reads it, to the millisecond")
    func sameAsGRDB() throws {
        for seconds in stride(from: -86_400.0 * 400, to: 4_102_444_800, by: 7_654_321.123) + [0, 1_796_054_370.5, 951_782_400, 1_709_164_799.999] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = try #require(String.fromDatabaseValue(date.databaseValue))
            let ours = try #require(StoredDate.parse(text), "\(text)")
            let grdb = try #require(Date.fromDatabaseValue(text.databaseValue))
            #expect(abs(ours.timeIntervalSince1970 - grdb.timeIntervalSince1970) < 0.000_5, "\(text)")
        }
    }

    @Test("dates are written as GRDB writes them, rounded to the millisecond")
    func writtenAsGRDB() throws {
        for seconds in stride(from: -86_400.0 * 400, to: 4_102_444_800, by: 7_654_321.123_4) + [0, 1_796_054_370.25, 951_782_399.999_5, 1_709_164_800] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(StoredDate.text(date) == String.fromDatabaseValue(date.databaseValue), "\(seconds)")
            #expect(StoredDate.parse(StoredDate.text(date)).map { abs($0.timeIntervalSince1970 - seconds) < 0.001 } == true)
        }
    }

    @Test("other text is refused, and a row's number or other text falls back to GRDB", arguments: [
        "2026-12-01", "2026-13-01 00:00:00", "2026-12-01 24:00:00", "2026-12-01 09:30:00.", "2026/12/01 09:30:00", "2026-12-01 09:30:0x", "",
    ])
    func refused(text: String) {
        #expect(StoredDate.parse(text) == nil)
    }

    @Test("a row's column: GRDB's text, a number of seconds, a date only, or NULL")
    func columns() throws {
        let queue = try DatabaseQueue()
        let row = try queue.read { db in
            try #require(try Row.fetchOne(db, sql: "SELECT '2026-12-01 09:30:00.250' AS a, 1796054370 AS b, '2026-12-01' AS c, NULL AS d"))
        }
        #expect(StoredDate.date(in: row, column: "a")?.timeIntervalSince1970 == 1_796_117_400.25)
        #expect(StoredDate.date(in: row, column: "b")?.timeIntervalSince1970 == 1_796_054_370)
        #expect(StoredDate.date(in: row, column: "c")?.timeIntervalSince1970 == 1_796_083_200)
        #expect(StoredDate.date(in: row, column: "d") == nil)
    }
}
