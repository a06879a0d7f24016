import Config
import Foundation
import Gateway
import Pool
import Wire

/// The tenants page: each tenant's policy and standing, the form that sets a policy, suspension,
/// and a month's usage with chargeback per tenant and lending member (CSV too).
struct TenantsPage: Sendable {
    let gateway: Gateway
    let format: ConsoleFormat
    private static let limitFields = ["requests_per_minute", "tokens_per_minute", "tokens_per_day", "tokens_per_month", "max_concurrent_per_key"]

    /// `GET /console/tenants`.
    func render(_ visit: ConsoleVisit, notice: ConsoleOutcome.Notice? = nil, now: Date = Date()) async -> ConsoleOutcome {
        let mayChange = visit.caller.role == .admin
        let currency = gateway.config.pool.currency
        var rows: [[String: Any]] = []
        for name in await gateway.knownTenants() {
            let policy = gateway.poolServices.tenants.policy(for: name)
            let status = await gateway.poolServices.quota.status(of: name)
            rows.append([
                "name": name, "encodedName": name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name, "share": policy.share,
                "quotas": Self.quotas(policy), "budget": Self.budget(policy, currency: currency, visit), "tokensToday": ConsoleFormat.count(status.tokensToday),
                "tokensMonth": ConsoleFormat.count(status.tokensThisMonth), "costMonth": ConsoleFormat.money(status.costThisMonth, currency: currency),
                "suspended": policy.suspended, "statusKind": policy.suspended ? "bad" : "ok", "statusLabel": visit.text(policy.suspended ? "suspended" : "active"),
                "mayChange": mayChange,
            ])
        }
        var context: [String: Any] = ["tenants": rows, "mayChange": mayChange]
        var form: [String: String] = [:]
        for field in ["name", "share", "budget_amount", "models", "scenarios", "budget_kind"] + Self.limitFields { form[field] = visit.form[field] ?? "" }
        // `?edit=NAME` fills the form with the tenant's policy as it stands, so that saving changes only what was edited.
        if visit.form["name"] == nil, let name = visit.parameter("edit") { form = Self.fields(of: gateway.poolServices.tenants.policy(for: name)) }
        context["form"] = form
        let chosenKind = form["budget_kind"].flatMap { $0.isEmpty ? nil : $0 } ?? "none"
        context["budgetKinds"] = ["none", "prepaid", "monthly"].map { kind in
            ["value": kind, "label": visit.text("budget_\(kind)"), "selected": kind == chosenKind] as [String: Any]
        }
        let month = visit.parameter("month") ?? format.month(now)
        context["month"] = month
        guard let days = PoolCalendar.days(ofMonth: month) else {
            return .page(.tenants, template: "tenants", context: context, notice: .init(kind: "bad", text: "'\(month)' is not a month such as 2026-12."))
        }
        do throws(APIError) {
            let usage = UsageTable.chargeback(try await gateway.usage(from: days.first, through: days.last, tenant: nil))
            context["usageTenants"] = usage.tenants.map { line in
                [
                    "name": line.tenant, "requests": ConsoleFormat.count(line.requests), "tokensIn": ConsoleFormat.count(line.tokensIn),
                    "tokensOut": ConsoleFormat.count(line.tokensOut), "cost": ConsoleFormat.money(line.cost, currency: currency),
                ]
            }
            context["usageLenders"] = usage.lenders.map { line in
                ["name": line.lender, "tokens": ConsoleFormat.count(line.tokens), "earned": ConsoleFormat.money(line.earned, currency: currency)]
            }
        } catch {
            return .page(.tenants, template: "tenants", context: context, notice: .init(kind: "bad", text: error.message))
        }
        return .page(.tenants, template: "tenants", context: context, notice: notice)
    }

    /// `GET /console/tenants/usage.csv?month=`: the month's usage rows as the admin API's CSV.
    func csv(_ visit: ConsoleVisit, now: Date = Date()) async -> ConsoleOutcome {
        let month = visit.parameter("month") ?? format.month(now)
        guard let days = PoolCalendar.days(ofMonth: month) else {
            return .refusal(status: 400, id: "bad-month", message: "'\(month)' is not a month such as 2026-12.")
        }
        do throws(APIError) {
            let rows = try await gateway.usage(from: days.first, through: days.last, tenant: nil)
            return .download(contentType: "text/csv; charset=utf-8", filename: "usage-\(month).csv", body: UsageTable.csv(rows))
        } catch {
            return .refusal(status: error.status, id: "store-unavailable", message: error.message)
        }
    }

    /// `POST /console/tenants`: sets the named tenant's share, quotas, budget and allowed models
    /// and scenarios (blank means no limit), keeping the rest of its policy; validated, stored,
    /// audited.
    func set(_ visit: ConsoleVisit) async -> ConsoleOutcome {
        guard let name = visit.form.trimmed("name") else { return await render(visit, notice: .init(kind: "bad", text: visit.text("bad_tenant_name"))) }
        var policy = TenantPolicyJSON.encode(gateway.poolServices.tenants.policy(for: name)).objectValue ?? [:]
        do throws(APIError) {
            policy["share"] = try visit.form.trimmed("share").map { text throws(APIError) in try Self.number(text, field: "share") } ?? .integer(1)
            for field in Self.limitFields {
                policy[field] = try visit.form.trimmed(field).map { text throws(APIError) in try Self.number(text, field: field) }
            }
            for field in ["models", "scenarios"] {
                // Blank: every one the pool has; else names separated by commas or spaces.
                let names = (visit.form[field] ?? "").split { $0 == "," || $0 == "，" || $0 == "、" || $0.isWhitespace }.map(String.init)
                policy[field] = names.isEmpty ? nil : .array(names.map(JSONValue.string))
            }
            switch visit.form["budget_kind"] ?? "none" {
            case "none": policy["budget"] = nil
            case let kind where kind == "prepaid" || kind == "monthly":
                guard let amount = visit.form.trimmed("budget_amount") else {
                    throw .invalidRequest("A \(kind) budget needs an amount, such as 5000.00.", param: "budget_amount", code: "invalid_value")
                }
                policy["budget"] = .object([kind: .string(amount)])
            case let kind:
                throw .invalidRequest("The budget must be none, prepaid or monthly, found '\(kind)'.", param: "budget_kind", code: "invalid_value")
            }
            _ = try await gateway.setTenantPolicy(.object(policy), name: name, caller: visit.caller, requestID: visit.requestID)
        } catch {
            return await render(visit, notice: .init(kind: "bad", text: error.message))
        }
        var cleared = visit
        cleared.form = FormBody("")
        return await render(cleared, notice: .init(kind: "ok", text: visit.text("saved", name)))
    }

    /// `POST /console/tenants/{name}/suspend` or `…/resume`.
    func suspend(_ visit: ConsoleVisit, name: String, suspended: Bool) async -> ConsoleOutcome {
        do throws(APIError) {
            try await gateway.setTenantSuspended(suspended, name: name, caller: visit.caller, requestID: visit.requestID)
        } catch {
            return await render(visit, notice: .init(kind: "bad", text: error.message))
        }
        return await render(visit, notice: .init(kind: "ok", text: visit.text(suspended ? "suspended_now" : "resumed_now", name)))
    }

    /// The form's fields for `policy`.
    private static func fields(of policy: TenantConfig) -> [String: String] {
        var fields: [String: String] = [
            "name": policy.name, "share": String(policy.share), "models": policy.models?.joined(separator: ", ") ?? "",
            "scenarios": policy.scenarios?.joined(separator: ", ") ?? "",
        ]
        let limits: [(String, Int?)] = [
            ("requests_per_minute", policy.requestsPerMinute), ("tokens_per_minute", policy.tokensPerMinute), ("tokens_per_day", policy.tokensPerDay),
            ("tokens_per_month", policy.tokensPerMonth), ("max_concurrent_per_key", policy.maxConcurrentPerKey),
        ]
        for (field, value) in limits { fields[field] = value.map(String.init) ?? "" }
        switch policy.budget {
        case .prepaid(let amount): (fields["budget_kind"], fields["budget_amount"]) = ("prepaid", "\(amount)")
        case .monthly(let amount): (fields["budget_kind"], fields["budget_amount"]) = ("monthly", "\(amount)")
        case nil: (fields["budget_kind"], fields["budget_amount"]) = ("none", "")
        }
        return fields
    }

    private static func number(_ text: String, field: String) throws(APIError) -> JSONValue {
        guard let value = Int(text) else {
            throw .invalidRequest("'\(field)' must be a whole number, found '\(text)'.", param: field, code: "invalid_type")
        }
        return .integer(value)
    }

    private static func quotas(_ policy: TenantConfig) -> String {
        let parts: [(String, Int?)] = [
            ("rpm", policy.requestsPerMinute), ("tpm", policy.tokensPerMinute), ("tpd", policy.tokensPerDay), ("tpmo", policy.tokensPerMonth),
            ("conc/key", policy.maxConcurrentPerKey),
        ]
        let set = parts.compactMap { name, value in value.map { "\(name) \(ConsoleFormat.count($0))" } }
        return set.isEmpty ? "–" : set.joined(separator: " · ")
    }

    private static func budget(_ policy: TenantConfig, currency: String, _ visit: ConsoleVisit) -> String {
        switch policy.budget {
        case .prepaid(let amount): "\(visit.text("budget_prepaid")) \(ConsoleFormat.money(amount, currency: currency))"
        case .monthly(let amount): "\(visit.text("budget_monthly")) \(ConsoleFormat.money(amount, currency: currency))"
        case nil: "–"
        }
    }
}
