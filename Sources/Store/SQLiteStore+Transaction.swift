import GRDB

extension SQLiteStore {
    /// Runs `body` in an immediate transaction, committed when it returns and rolled back when it
    /// throws. `BEGIN` and `COMMIT` are cached statements: the audit writer commits up to a
    /// couple of thousand times a second, one commit per appender at low load, and GRDB's own
    /// transaction prepares both statements again each time, on the path of every answer.
    public static func inImmediateTransaction(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            try body()
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        } catch {
            if db.isInsideTransaction { try? db.rollback() }
            throw error
        }
    }
}
