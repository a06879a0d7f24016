import GRDB
import GRDBSQLite

/// Binds Swift strings and bytes to SQLite statement parameters through the C API, and runs
/// the bound statement, for hot inserts where GRDB's argument values cost more than the insert.
public enum SQLiteBinding {
    /// SQLite's "copy the value now" destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds `text` (copied by SQLite) to parameter `index` (from 1) of `statement`.
    public static func bind(_ text: String, to statement: OpaquePointer, at index: Int32) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32(bytes.count), transient)
        }
    }

    /// Binds `text`, or NULL when there is none, to parameter `index` (from 1) of `statement`.
    public static func bind(_ text: String?, to statement: OpaquePointer, at index: Int32) {
        if let text { bind(text, to: statement, at: index) } else { sqlite3_bind_null(statement, index) }
    }

    /// Binds `bytes` (copied by SQLite) as a blob to parameter `index` (from 1) of `statement`.
    public static func bind(_ bytes: UnsafeRawBufferPointer, to statement: OpaquePointer, at index: Int32) {
        _ = sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), transient)
    }

    /// Runs `statement` (bound, not returning rows) to its end, then resets it for the next
    /// row; throws SQLite's error, with its message from `db`, when the step fails.
    public static func step(_ statement: OpaquePointer, in db: Database) throws {
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_reset(statement)
    }
}
