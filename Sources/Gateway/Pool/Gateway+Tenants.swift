import Config
import Foundation
import Pool
import Store
import Wire

/// The tenants' policies and usage as the admin API and the command line see them.
extension Gateway {
    /// Lays the policies set through the admin API (kept in the store) over the configured ones.
    func applyStoredTenantPolicies() async throws(GatewayStartupError) {
        let stored: [StoredTenantPolicy]
        do {
            stored = try await store.tenantPolicies()
        } catch {
            throw GatewayStartupError(message: "cannot read the tenants' policies from the store: \(error.message)")
        }
        for entry in stored {
            do throws(APIError) {
                let json: JSONValue
                do { json = try JSONValue.parse(entry.policy) } catch { throw .invalidRequest("\(error)") }
                poolServices.tenants.set(try TenantPolicyJSON.decode(json, name: entry.name, models: modelAliases, scenarios: scenarioNames))
            } catch {
                // A stored policy naming an alias or scenario since removed from the configuration.
                logger.error("stored tenant policy not applied", metadata: ["tenant": "\(entry.name)", "error": "\(error.message)"])
            }
        }
    }

    /// Applies the stored policies again every `interval` until cancelled, so that a change
    /// made through another instance sharing the store takes effect here too.
    public func runTenantPolicyRefresh(every interval: Duration = .seconds(5)) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
                try await applyStoredTenantPolicies()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("tenant policies not refreshed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Sets a tenant's policy from the admin API's JSON: validated, kept in the store, applied
    /// at once (no restart) and audited with the new policy.
    public func setTenantPolicy(_ json: JSONValue, name: String, caller: Caller, requestID: String) async throws(APIError) -> TenantConfig {
        guard !name.isEmpty, name.count <= 128, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidRequest("A tenant's name must be 1 to 128 characters without control characters.", param: "name", code: "invalid_value")
        }
        let tenant = try TenantPolicyJSON.decode(json, name: name, models: modelAliases, scenarios: scenarioNames)
        let text = TenantPolicyJSON.encode(tenant).encodedString
        do {
            try await store.setTenantPolicy(StoredTenantPolicy(name: name, policy: text, updatedAt: Date()))
        } catch {
            logger.error("tenant policy not stored", metadata: ["tenant": "\(name)", "error": "\(error.message)"])
            throw APIError(status: 503, type: "api_error", code: "store_unavailable", message: "The policy could not be stored, so it was not changed. Try again; operators see the cause in the log.")
        }
        poolServices.tenants.set(tenant)
        logger.notice("tenant policy set", metadata: ["tenant": "\(name)", "policy": "\(text)", "by_key": "\(caller.keyID)"])
        let event = AuditEvent(operation: "admin/tenants/set", requestID: requestID, tenant: name, keyID: caller.keyID, endUser: nil, scenario: nil, toolCall: nil, change: text)
        if let failure = await record(event) { throw failure }
        return tenant
    }

    /// Suspends or resumes a tenant, keeping the rest of its policy; stored, applied and audited
    /// like any other change of policy.
    public func setTenantSuspended(_ suspended: Bool, name: String, caller: Caller, requestID: String) async throws(APIError) {
        var policy = TenantPolicyJSON.encode(poolServices.tenants.policy(for: name)).objectValue ?? [:]
        policy["suspended"] = .bool(suspended)
        _ = try await setTenantPolicy(.object(policy), name: name, caller: caller, requestID: requestID)
    }

    /// Every tenant with a key, a stored policy or an entry in the configuration, sorted.
    public func knownTenants() async -> [String] {
        let stored = (try? await store.tenantNames()) ?? []
        return Array(Set(stored + poolServices.tenants.configured.map(\.name))).sorted()
    }

    /// A tenant's policy and where it stands in its quota windows, as JSON.
    public func tenantStanding(_ name: String) async -> JSONValue {
        let policy = poolServices.tenants.policy(for: name)
        let status = await poolServices.quota.status(of: name)
        return .object([
            "name": .string(name),
            "policy": TenantPolicyJSON.encode(policy),
            "usage": .object([
                "requests_this_minute": .integer(status.requestsThisMinute), "tokens_this_minute": .integer(status.tokensThisMinute),
                "tokens_today": .integer(status.tokensToday), "tokens_this_month": .integer(status.tokensThisMonth),
                "cost_this_month": .string("\(status.costThisMonth)"), "cost_total": .string("\(status.costTotal)"),
                "reserved_tokens": .integer(status.reservedTokens), "reserved_cost": .string("\(status.reservedCost)"), "in_flight": .integer(status.inFlight),
            ]),
        ])
    }

    /// The usage rows from `firstDay` through `lastDay`, with what has settled but not yet been
    /// written included (it is written first).
    public func usage(from firstDay: String, through lastDay: String, tenant: String?) async throws(APIError) -> [UsageRow] {
        await flushUsage()
        do {
            return try await store.usage(from: firstDay, through: lastDay, tenant: tenant)
        } catch {
            throw APIError(status: 503, type: "api_error", code: "store_unavailable", message: "Usage could not be read: \(error.message).")
        }
    }

    private var modelAliases: Set<String> { Set(config.models.map(\.alias)) }
    private var scenarioNames: Set<String> { Set(config.scenarios.map(\.name)) }
}
