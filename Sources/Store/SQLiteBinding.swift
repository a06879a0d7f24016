import GRDBSQLite

/// Binds Swift strings and bytes to SQLite statement parameters through the C API, for hot
/// insert loops where GRDB's argument values cost more than the insert.
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

    /// Binds `bytes` (copied by SQLite) as a blob to parameter `index` (from 1) of `statement`.
    public static func bind(_ bytes: UnsafeRawBufferPointer, to statement: OpaquePointer, at index: Int32) {
        _ = sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), transient)
    }
}
