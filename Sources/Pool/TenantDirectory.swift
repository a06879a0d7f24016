import Config
import Synchronization

/// The tenants' policies as they stand now: the configured ones, changed at run time by the
/// admin API, and the defaults for any tenant not named.
public final class TenantDirectory: Sendable {
    private let tenants: Mutex<[String: TenantConfig]>

    /// A directory of the configured `tenants`.
    public init(tenants: [TenantConfig]) {
        self.tenants = Mutex(Dictionary(tenants.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The policy of `name`: its own, or share 1 and no quotas when it has none.
    public func policy(for name: String) -> TenantConfig {
        tenants.withLock { $0[name] } ?? .unconfigured(name)
    }

    /// Every tenant with a policy of its own, by name.
    public var configured: [TenantConfig] {
        tenants.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    /// Sets (adds or replaces) a tenant's policy.
    public func set(_ tenant: TenantConfig) {
        tenants.withLock { $0[tenant.name] = tenant }
    }
}
