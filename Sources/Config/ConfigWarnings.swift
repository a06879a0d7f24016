/// Things a configuration allows that are probably not meant, for `check-config` to print.
extension SwitchboardConfig {
    /// One line per warning, e.g. `models[0] (fin-chat): every backend it can reach is outside CN …`.
    public var warnings: [String] {
        var warnings: [String] = []
        for (index, model) in models.enumerated() {
            let backends = model.targets.compactMap { backend(named: $0.backend) }
            guard !backends.isEmpty, backends.allSatisfy({ $0.region != BackendConfig.homeRegion }) else { continue }
            let listed = backends.map { "\($0.name) (\($0.region))" }.joined(separator: ", ")
            var warning = "models[\(index)] (\(model.alias)): every backend it can reach is outside \(BackendConfig.homeRegion): \(listed)."
            let limited = policy.filter { rule in rule.regions.map { !$0.contains(where: { region in backends.contains { $0.region == region } }) } ?? false }
            if !limited.isEmpty {
                warning += " Requests that \(limited.map { "policy[\($0.index)] (level \($0.level))" }.joined(separator: ", ")) decides will be refused."
            }
            warning += " Personal information may leave the country only under PIPL Art. 38–40."
            warnings.append(warning)
        }
        return warnings
    }
}
