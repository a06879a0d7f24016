import Config
import Foundation
import Wire

/// A tenant's policy as JSON, with the keys of the configuration's `tenants` entries: what the
/// admin API reads and writes, and what the store keeps of changes made through it.
public enum TenantPolicyJSON {
    /// The keys a policy may have.
    public static let keys = [
        "share", "requests_per_minute", "tokens_per_minute", "tokens_per_day", "tokens_per_month", "max_concurrent_per_key", "budget", "models",
        "scenarios", "max_queued", "suspended",
    ]

    /// The policy as a JSON object (without its name; unset limits left out).
    public static func encode(_ tenant: TenantConfig) -> JSONValue {
        var members: [String: JSONValue] = ["share": .integer(tenant.share), "max_queued": .integer(tenant.maxQueued), "suspended": .bool(tenant.suspended)]
        let limits: [(String, Int?)] = [
            ("requests_per_minute", tenant.requestsPerMinute), ("tokens_per_minute", tenant.tokensPerMinute), ("tokens_per_day", tenant.tokensPerDay),
            ("tokens_per_month", tenant.tokensPerMonth), ("max_concurrent_per_key", tenant.maxConcurrentPerKey),
        ]
        for (key, value) in limits {
            if let value { members[key] = .integer(value) }
        }
        switch tenant.budget {
        case .monthly(let amount): members["budget"] = .object(["monthly": .string("\(amount)")])
        case .prepaid(let amount): members["budget"] = .object(["prepaid": .string("\(amount)")])
        case nil: break
        }
        if let models = tenant.models { members["models"] = .array(models.map(JSONValue.string)) }
        if let scenarios = tenant.scenarios { members["scenarios"] = .array(scenarios.map(JSONValue.string)) }
        return .object(members)
    }

    /// The policy named `name` that `json` describes; a key left out takes its default (share 1,
    /// no limit). Checks aliases and scenarios against `models` and `scenarios`.
    public static func decode(_ json: JSONValue, name: String, models: Set<String>, scenarios: Set<String>) throws(APIError) -> TenantConfig {
        guard let members = json.objectValue else {
            throw .invalidRequest("The body must be a JSON object of the tenant's policy, such as {\"share\": 2, \"requests_per_minute\": 60}.", code: "invalid_body")
        }
        if let unknown = members.keys.sorted().first(where: { !keys.contains($0) }) {
            throw .invalidRequest("Unknown key '\(unknown)'; a tenant's policy has: \(keys.joined(separator: ", ")).", param: unknown, code: "unknown_parameter")
        }
        var tenant = TenantConfig(name: name)
        if let value = members["share"] { tenant.share = try integer(value, key: "share", in: 1...10_000) }
        tenant.requestsPerMinute = try members["requests_per_minute"].map { value throws(APIError) in try integer(value, key: "requests_per_minute") }
        tenant.tokensPerMinute = try members["tokens_per_minute"].map { value throws(APIError) in try integer(value, key: "tokens_per_minute") }
        tenant.tokensPerDay = try members["tokens_per_day"].map { value throws(APIError) in try integer(value, key: "tokens_per_day") }
        tenant.tokensPerMonth = try members["tokens_per_month"].map { value throws(APIError) in try integer(value, key: "tokens_per_month") }
        tenant.maxConcurrentPerKey = try members["max_concurrent_per_key"].map { value throws(APIError) in try integer(value, key: "max_concurrent_per_key", in: 1...100_000) }
        if let value = members["max_queued"] { tenant.maxQueued = try integer(value, key: "max_queued", in: 0...1_000_000) }
        if let value = members["suspended"] {
            guard let flag = value.boolValue else { throw .invalidRequest("'suspended' must be true or false.", param: "suspended", code: "invalid_type") }
            tenant.suspended = flag
        }
        if let value = members["budget"] { tenant.budget = try budget(value) }
        if let value = members["models"] { tenant.models = try names(value, key: "models", known: models, what: "model alias") }
        if let value = members["scenarios"] { tenant.scenarios = try names(value, key: "scenarios", known: scenarios, what: "scenario") }
        return tenant
    }

    private static func integer(_ value: JSONValue, key: String, in range: ClosedRange<Int> = 1...Int(Int32.max) * 1000) throws(APIError) -> Int {
        guard let number = value.intValue, range.contains(number) else {
            throw .invalidRequest("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound).", param: key, code: "invalid_type")
        }
        return number
    }

    private static func budget(_ value: JSONValue) throws(APIError) -> TenantBudget? {
        if case .null = value { return nil }
        guard let members = value.objectValue, members.count == 1, let (kind, amountValue) = members.first, kind == "monthly" || kind == "prepaid" else {
            throw .invalidRequest("'budget' must be {\"monthly\": \"20000.00\"} or {\"prepaid\": \"5000.00\"}.", param: "budget", code: "invalid_type")
        }
        guard let text = amountValue.stringValue, let amount = Decimal(string: text), amount >= 0,
              text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") })
        else {
            throw .invalidRequest("'budget.\(kind)' must be an amount written as a string, such as \"20000.00\" (money is never a float).", param: "budget.\(kind)", code: "invalid_type")
        }
        return kind == "monthly" ? .monthly(amount) : .prepaid(amount)
    }

    private static func names(_ value: JSONValue, key: String, known: Set<String>, what: String) throws(APIError) -> [String]? {
        if case .null = value { return nil }
        guard let items = value.arrayValue else { throw .invalidRequest("'\(key)' must be a list of names.", param: key, code: "invalid_type") }
        var names: [String] = []
        for item in items {
            guard let name = item.stringValue else { throw .invalidRequest("'\(key)' must be a list of names.", param: key, code: "invalid_type") }
            guard known.contains(name) else {
                throw .invalidRequest("There is no \(what) '\(name)'; they are: \(known.sorted().joined(separator: ", ")).", param: key, code: "invalid_value")
            }
            names.append(name)
        }
        return names
    }
}
