import Foundation
import Pool
import PostgresNIO
import Store

/// Usage rows, added to atomically by every instance.
extension PostgresStore {
    public func addUsage(_ rows: [UsageRow]) async throws(UsageStorageError) {
        guard !rows.isEmpty else { return }
        do {
            try await transaction("writing usage") { [logger] connection in
                for row in rows {
                    try await connection.query(
                        """
                        INSERT INTO usage (day, tenant, key_id, scenario, model, backend, lender, requests, tokens_in, tokens_out, cost, latency_ms, errors)
                        VALUES (\(row.day), \(row.tenant), \(row.keyID), \(row.scenario), \(row.model), \(row.backend), \(row.lender), \(row.requests),
                                \(row.tokensIn), \(row.tokensOut), \(row.cost), \(row.latencyMs), \(row.errors))
                        ON CONFLICT (day, tenant, key_id, scenario, model, backend, lender) DO UPDATE SET
                            requests = usage.requests + EXCLUDED.requests, tokens_in = usage.tokens_in + EXCLUDED.tokens_in,
                            tokens_out = usage.tokens_out + EXCLUDED.tokens_out, cost = usage.cost + EXCLUDED.cost,
                            latency_ms = usage.latency_ms + EXCLUDED.latency_ms, errors = usage.errors + EXCLUDED.errors
                        """, logger: logger)
                }
            }
        } catch {
            throw UsageStorageError(error.message)
        }
    }

    public func usage(from firstDay: String, through lastDay: String, tenant: String?) async throws(UsageStorageError) -> [UsageRow] {
        let columns = "day, tenant, key_id, scenario, model, backend, lender, requests, tokens_in, tokens_out, cost, latency_ms, errors"
        let found: [PostgresRow]
        do {
            if let tenant {
                found = try await rows("reading usage", "SELECT \(unescaped: columns) FROM usage WHERE day BETWEEN \(firstDay) AND \(lastDay) AND tenant = \(tenant) ORDER BY day, tenant, key_id, scenario, model, backend, lender")
            } else {
                found = try await rows("reading usage", "SELECT \(unescaped: columns) FROM usage WHERE day BETWEEN \(firstDay) AND \(lastDay) ORDER BY day, tenant, key_id, scenario, model, backend, lender")
            }
        } catch {
            throw UsageStorageError(error.message)
        }
        return found.compactMap { row in
            let cells = row.makeRandomAccess()
            guard let day = try? cells[0].decode(String.self), let tenant = try? cells[1].decode(String.self), let key = try? cells[2].decode(String.self),
                  let scenario = try? cells[3].decode(String.self), let model = try? cells[4].decode(String.self), let backend = try? cells[5].decode(String.self),
                  let lender = try? cells[6].decode(String.self), let requests = try? cells[7].decode(Int.self), let tokensIn = try? cells[8].decode(Int.self),
                  let tokensOut = try? cells[9].decode(Int.self), let cost = try? cells[10].decode(Decimal.self), let latency = try? cells[11].decode(Int64.self),
                  let errors = try? cells[12].decode(Int.self)
            else { return nil }
            return UsageRow(
                day: day, tenant: tenant, keyID: key, scenario: scenario, model: model, backend: backend, lender: lender, requests: requests,
                tokensIn: tokensIn, tokensOut: tokensOut, cost: cost, latencyMs: latency, errors: errors)
        }
    }

    public func usageTotals(day: String, month: String) async throws(UsageStorageError) -> [String: UsageTotals] {
        let found: [PostgresRow]
        do {
            found = try await rows(
                "reading usage totals",
                """
                SELECT tenant,
                       COALESCE(SUM(tokens_in + tokens_out) FILTER (WHERE day = \(day)), 0)::BIGINT,
                       COALESCE(SUM(tokens_in + tokens_out) FILTER (WHERE day LIKE \(month + "-%")), 0)::BIGINT,
                       COALESCE(SUM(cost) FILTER (WHERE day LIKE \(month + "-%")), 0),
                       COALESCE(SUM(cost), 0)
                FROM usage GROUP BY tenant
                """)
        } catch {
            throw UsageStorageError(error.message)
        }
        var totals: [String: UsageTotals] = [:]
        for row in found {
            guard let (tenant, today, thisMonth, monthCost, total) = try? row.decode((String, Int, Int, Decimal, Decimal).self) else { continue }
            totals[tenant] = UsageTotals(tokensToday: today, tokensThisMonth: thisMonth, costThisMonth: monthCost, costTotal: total)
        }
        return totals
    }
}
