import GRDBSQLite

/// Binds Swift strings to SQLite statement parameters through the C API, for hot insert loops
/// where GRDB's argument values cost more than the insert.
public enum SQLiteText {
    /// SQLite's "copy the text now" destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds `text` (copied by SQLite) to parameter `index` (from 1) of `statement`.
    public static func bind(_ text: String, to statement: OpaquePointer, at index: Int32) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32(bytes.count), transient)
        }
    }
}
