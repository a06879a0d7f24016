import Foundation

/// Where a request's quotas are decided: in this instance's memory (``QuotaLedger``, one
/// instance) or in counters every instance shares (``SharedQuotaLedger``, several on one database).
public protocol QuotaGate: Sendable {
    /// Reserves `claim` if it fits every quota of its tenant; otherwise names the quota it would overrun.
    func reserve(_ claim: QuotaClaim) async throws(QuotaRefusal) -> QuotaHold
    /// Releases `holds` and charges what the request used.
    func settle(_ holds: [QuotaHold], with settlement: QuotaSettlement) async
    /// Where `tenant` stands now.
    func status(of tenant: String) async -> TenantQuotaStatus
}

extension QuotaLedger: QuotaGate {}
