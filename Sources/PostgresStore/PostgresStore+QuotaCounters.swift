import Foundation
import Pool
import PostgresNIO
import Store

/// The quota counters every instance shares: rows locked in key order, so concurrent claims
/// of one tenant take their turns and never deadlock.
extension PostgresStore: QuotaCounterStorage {
    public func addQuotaCounters(tenant: String, _ steps: [QuotaCounterStep]) async throws(UsageStorageError) -> QuotaCounterOverrun? {
        do {
            return try await transaction("checking quotas") { [logger] connection -> QuotaCounterOverrun? in
                let keys = Array(Set(steps.map(\.key))).sorted()
                for key in keys {
                    try await connection.query("INSERT INTO quota_counter (tenant, key, value) VALUES (\(tenant), \(key), 0) ON CONFLICT DO NOTHING", logger: logger)
                }
                var values: [String: Decimal] = [:]
                for try await (key, value) in try await connection.query(
                    "SELECT key, value FROM quota_counter WHERE tenant = \(tenant) AND key = ANY(\(keys)) ORDER BY key FOR UPDATE", logger: logger
                ).decode((String, Decimal).self) { values[key] = value }
                for (index, step) in steps.enumerated() where (values[step.key] ?? 0) + step.amount > step.limit {
                    return QuotaCounterOverrun(index: index, value: values[step.key] ?? 0)
                }
                for step in steps.sorted(by: { $0.key < $1.key }) {
                    try await connection.query("UPDATE quota_counter SET value = value + \(step.amount) WHERE tenant = \(tenant) AND key = \(step.key)", logger: logger)
                }
                return nil
            }
        } catch {
            throw UsageStorageError(error.message)
        }
    }

    public func adjustQuotaCounters(tenant: String, _ amounts: [String: Decimal]) async throws(UsageStorageError) {
        do {
            try await transaction("settling quotas") { [logger] connection in
                for (key, amount) in amounts.sorted(by: { $0.key < $1.key }) {
                    try await connection.query(
                        """
                        INSERT INTO quota_counter (tenant, key, value) VALUES (\(tenant), \(key), \(amount))
                        ON CONFLICT (tenant, key) DO UPDATE SET value = quota_counter.value + EXCLUDED.value
                        """, logger: logger)
                }
            }
        } catch {
            throw UsageStorageError(error.message)
        }
    }

    public func quotaCounters(tenant: String, keys: [String]) async throws(UsageStorageError) -> [String: Decimal] {
        do {
            var values: [String: Decimal] = [:]
            for row in try await rows("reading quotas", "SELECT key, value FROM quota_counter WHERE tenant = \(tenant) AND key = ANY(\(keys))") {
                if let (key, value) = try? row.decode((String, Decimal).self) { values[key] = value }
            }
            return values
        } catch {
            throw UsageStorageError(error.message)
        }
    }
}
