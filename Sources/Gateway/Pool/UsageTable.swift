import Foundation
import Pool
import Wire

/// Usage rows as the admin API and the command line give them: CSV, JSON with totals, and the
/// month's chargeback (what each tenant owes, what each lending member's backends earned).
public enum UsageTable {
    /// The CSV columns, in order.
    public static let columns = ["day", "tenant", "key_id", "scenario", "model", "backend", "lender", "requests", "tokens_in", "tokens_out", "cost", "latency_ms", "errors"]

    /// The rows as CSV with a header line (fields quoted where they must be).
    public static func csv(_ rows: [UsageRow]) -> String {
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            let fields = [row.day, row.tenant, row.keyID, row.scenario, row.model, row.backend, row.lender] + [
                "\(row.requests)", "\(row.tokensIn)", "\(row.tokensOut)", "\(row.cost)", "\(row.latencyMs)", "\(row.errors)",
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// What each tenant used and owes, and what each lending member earned.
    public struct Chargeback: Sendable, Equatable {
        /// A tenant's totals.
        public struct TenantLine: Sendable, Equatable {
            /// The tenant.
            public var tenant: String
            /// Requests.
            public var requests: Int
            /// Prompt tokens.
            public var tokensIn: Int
            /// Completion tokens.
            public var tokensOut: Int
            /// What it owes.
            public var cost: Decimal
        }

        /// A lending member's earnings.
        public struct LenderLine: Sendable, Equatable {
            /// The member.
            public var lender: String
            /// Tokens served on its backends.
            public var tokens: Int
            /// What its backends earned.
            public var earned: Decimal
        }

        /// Per tenant, by name.
        public var tenants: [TenantLine]
        /// Per lending member, by name.
        public var lenders: [LenderLine]
    }

    /// The chargeback of `rows`.
    public static func chargeback(_ rows: [UsageRow]) -> Chargeback {
        var tenants: [String: Chargeback.TenantLine] = [:]
        var lenders: [String: Chargeback.LenderLine] = [:]
        for row in rows {
            var line = tenants[row.tenant] ?? Chargeback.TenantLine(tenant: row.tenant, requests: 0, tokensIn: 0, tokensOut: 0, cost: 0)
            line.requests += row.requests
            line.tokensIn += row.tokensIn
            line.tokensOut += row.tokensOut
            line.cost += row.cost
            tenants[row.tenant] = line
            guard !row.lender.isEmpty else { continue }
            var lent = lenders[row.lender] ?? Chargeback.LenderLine(lender: row.lender, tokens: 0, earned: 0)
            lent.tokens += row.tokensIn + row.tokensOut
            lent.earned += row.cost
            lenders[row.lender] = lent
        }
        return Chargeback(tenants: tenants.values.sorted { $0.tenant < $1.tenant }, lenders: lenders.values.sorted { $0.lender < $1.lender })
    }

    /// The rows and their chargeback as JSON; money as decimal strings.
    public static func json(_ rows: [UsageRow], from: String, through: String, currency: String) -> JSONValue {
        let chargeback = chargeback(rows)
        return .object([
            "object": .string("usage"), "from": .string(from), "to": .string(through), "currency": .string(currency),
            "data": .array(rows.map { row in
                .object([
                    "day": .string(row.day), "tenant": .string(row.tenant), "key_id": .string(row.keyID), "scenario": .string(row.scenario),
                    "model": .string(row.model), "backend": .string(row.backend), "lender": .string(row.lender), "requests": .integer(row.requests),
                    "tokens_in": .integer(row.tokensIn), "tokens_out": .integer(row.tokensOut), "cost": .string("\(row.cost)"),
                    "latency_ms": .integer(Int(row.latencyMs)), "errors": .integer(row.errors),
                ])
            }),
            "tenants": .array(chargeback.tenants.map { line in
                .object([
                    "tenant": .string(line.tenant), "requests": .integer(line.requests), "tokens_in": .integer(line.tokensIn),
                    "tokens_out": .integer(line.tokensOut), "cost": .string("\(line.cost)"),
                ])
            }),
            "lenders": .array(chargeback.lenders.map { line in
                .object(["lender": .string(line.lender), "tokens": .integer(line.tokens), "earned": .string("\(line.earned)")])
            }),
        ])
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
