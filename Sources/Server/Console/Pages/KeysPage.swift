import Foundation
import Gateway
import Store
import Wire

/// The keys page: every key, the form that creates one (shown once), and revocation.
struct KeysPage: Sendable {
    let gateway: Gateway
    let format: ConsoleFormat
    /// Ends the console sessions of a revoked key.
    let endSessions: @Sendable (String) -> Void

    /// `GET /console/keys`.
    func render(_ visit: ConsoleVisit, created: CreatedAPIKey? = nil, notice: ConsoleOutcome.Notice? = nil) async -> ConsoleOutcome {
        let keys: [APIKeyRecord]
        do throws(StoreError) {
            keys = try await gateway.store.listKeys()
        } catch {
            return .refusal(status: 503, id: "store-unavailable", message: visit.text("store_unavailable", error.message))
        }
        var context: [String: Any] = [:]
        context["keys"] = keys.sorted { ($0.isActive ? 0 : 1, $1.createdAt) < ($1.isActive ? 0 : 1, $0.createdAt) }.map { key in
            [
                "id": key.id, "tenant": key.tenant, "role": visit.text("role_\(key.role.rawValue)"), "created": format.time(key.createdAt),
                "active": key.isActive, "statusKind": key.isActive ? "ok" : "muted", "statusLabel": visit.text(key.isActive ? "active" : "revoked"),
            ] as [String: Any]
        }
        context["roles"] = Role.allCases.map { ["value": $0.rawValue, "label": visit.text("role_\($0.rawValue)")] }
        context["tenantNames"] = await gateway.knownTenants()
        context["formTenant"] = visit.form["tenant"] ?? ""
        if let created {
            context["newKey"] = [
                "secret": created.secret, "id": created.record.id, "tenant": created.record.tenant, "role": visit.text("role_\(created.record.role.rawValue)"),
            ]
        }
        return .page(.keys, template: "keys", context: context, notice: notice)
    }

    /// `POST /console/keys`: creates a key for the form's tenant and role, audited, and shows its secret once.
    func create(_ visit: ConsoleVisit) async -> ConsoleOutcome {
        guard let tenant = visit.form.trimmed("tenant"), tenant.count <= 128, !tenant.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return await render(visit, notice: .init(kind: "bad", text: visit.text("bad_tenant_name")))
        }
        guard let role = visit.form["role"].flatMap(Role.init(rawValue:)) else {
            return await render(visit, notice: .init(kind: "bad", text: "The role must be one of app, admin, auditor, approver."))
        }
        let created: CreatedAPIKey
        do throws(StoreError) {
            created = try await gateway.store.createKey(tenant: tenant, role: role)
        } catch {
            return await render(visit, notice: .init(kind: "bad", text: visit.text("store_unavailable", error.message)))
        }
        let change = JSONValue.object(["key_id": .string(created.record.id), "role": .string(role.rawValue)]).encodedString
        if let failure = await gateway.record(
            AuditEvent(operation: "admin/keys/create", requestID: visit.requestID, tenant: tenant, keyID: visit.caller.keyID, endUser: nil, scenario: nil, toolCall: nil, change: change))
        {
            return await render(visit, notice: .init(kind: "bad", text: failure.message))
        }
        return await render(visit, created: created)
    }

    /// `POST /console/keys/{id}/revoke`: revokes the key (apps stop within the key cache's 5 s), audited; its console sessions end now.
    func revoke(_ visit: ConsoleVisit, id: String) async -> ConsoleOutcome {
        let revoked: Bool
        let owner: String
        do throws(StoreError) {
            owner = try await gateway.store.listKeys().first { $0.id == id }?.tenant ?? ""
            revoked = try await gateway.store.revokeKey(id: id)
        } catch {
            return await render(visit, notice: .init(kind: "bad", text: visit.text("store_unavailable", error.message)))
        }
        guard revoked else { return await render(visit, notice: .init(kind: "bad", text: visit.text("not_found"))) }
        endSessions(id)
        let change = JSONValue.object(["key_id": .string(id)]).encodedString
        if let failure = await gateway.record(
            AuditEvent(operation: "admin/keys/revoke", requestID: visit.requestID, tenant: owner, keyID: visit.caller.keyID, endUser: nil, scenario: nil, toolCall: nil, change: change))
        {
            return await render(visit, notice: .init(kind: "bad", text: failure.message))
        }
        return await render(visit, notice: .init(kind: "ok", text: visit.text("revoked_now", id)))
    }
}
