import Foundation
import GRDB
import Pool

extension SQLiteStore {
    /// The `usage` table: one row per day, tenant, key, scenario, alias, backend and lender.
    static func registerUsageMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: usage") { db in
            try db.create(table: "usage") { table in
                table.column("day", .text).notNull()
                table.column("tenant", .text).notNull()
                table.column("key_id", .text).notNull()
                table.column("scenario", .text).notNull()
                table.column("model", .text).notNull()
                table.column("backend", .text).notNull()
                table.column("lender", .text).notNull()
                table.column("requests", .integer).notNull()
                table.column("tokens_in", .integer).notNull()
                table.column("tokens_out", .integer).notNull()
                // Exact decimal text: SQLite has no decimal type, and money is never a float.
                table.column("cost", .text).notNull()
                table.column("latency_ms", .integer).notNull()
                table.column("errors", .integer).notNull()
                table.primaryKey(["day", "tenant", "key_id", "scenario", "model", "backend", "lender"])
            }
        }
    }

    public func addUsage(_ rows: [UsageRow]) async throws(UsageStorageError) {
        guard !rows.isEmpty else { return }
        do {
            try await pool.write { db in
                for row in rows {
                    let existing = try Row.fetchOne(
                        db, sql: "SELECT * FROM usage WHERE day = ? AND tenant = ? AND key_id = ? AND scenario = ? AND model = ? AND backend = ? AND lender = ?",
                        arguments: StatementArguments(row.key))
                    var total = row
                    if let existing { total.add(Self.usageRow(existing)) }
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO usage (day, tenant, key_id, scenario, model, backend, lender, requests, tokens_in, tokens_out, cost, latency_ms, errors)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: StatementArguments(row.key) + [total.requests, total.tokensIn, total.tokensOut, "\(total.cost)", total.latencyMs, total.errors])
                }
            }
        } catch {
            throw UsageStorageError("writing usage failed: \(error)")
        }
    }

    public func usage(from firstDay: String, through lastDay: String, tenant: String?) async throws(UsageStorageError) -> [UsageRow] {
        do {
            return try await pool.read { db in
                var sql = "SELECT * FROM usage WHERE day BETWEEN ? AND ?"
                var arguments: StatementArguments = [firstDay, lastDay]
                if let tenant {
                    sql += " AND tenant = ?"
                    arguments += [tenant]
                }
                sql += " ORDER BY day, tenant, key_id, scenario, model, backend, lender"
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.usageRow)
            }
        } catch {
            throw UsageStorageError("reading usage failed: \(error)")
        }
    }

    public func usageTotals(day: String, month: String) async throws(UsageStorageError) -> [String: UsageTotals] {
        do {
            return try await pool.read { db in
                var totals: [String: UsageTotals] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT day, tenant, tokens_in, tokens_out, cost FROM usage") {
                    let rowDay: String = row["day"]
                    let tenant: String = row["tenant"]
                    let tokens = (row["tokens_in"] as Int) + (row["tokens_out"] as Int)
                    let cost = Decimal(string: row["cost"]) ?? 0
                    var total = totals[tenant] ?? UsageTotals()
                    total.costTotal += cost
                    if rowDay.hasPrefix(month + "-") {
                        total.tokensThisMonth += tokens
                        total.costThisMonth += cost
                    }
                    if rowDay == day { total.tokensToday += tokens }
                    totals[tenant] = total
                }
                return totals
            }
        } catch {
            throw UsageStorageError("reading usage totals failed: \(error)")
        }
    }

    private static func usageRow(_ row: Row) -> UsageRow {
        UsageRow(
            day: row["day"], tenant: row["tenant"], keyID: row["key_id"], scenario: row["scenario"], model: row["model"], backend: row["backend"],
            lender: row["lender"], requests: row["requests"], tokensIn: row["tokens_in"], tokensOut: row["tokens_out"],
            cost: Decimal(string: row["cost"]) ?? 0, latencyMs: row["latency_ms"], errors: row["errors"])
    }
}
