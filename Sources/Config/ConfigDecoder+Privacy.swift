import Foundation
import Yams

/// The `privacy` and `policy` sections.
extension ConfigDecoder {
    mutating func privacy(_ node: Node) -> PrivacyConfig {
        var privacy = PrivacyConfig.defaults
        guard let fields = reader.mapping(
            node, key: "privacy", allowed: ["levels", "dictionaries", "reload_interval", "recognizers", "keywords", "uninspectable_level", "uninspectable"])
        else { return privacy }
        if let value = fields["uninspectable_level"], let level = reader.integer(value, key: "privacy.uninspectable_level", in: 1...5) {
            privacy.uninspectableLevel = level
        }
        if let node = fields["uninspectable"], let items = reader.sequence(node, key: "privacy.uninspectable") {
            privacy.uninspectableRules = items.enumerated().compactMap { uninspectableRule($1, key: "privacy.uninspectable[\($0)]") }
        }
        if let levels = fields["levels"], case .mapping(let mapping) = levels {
            for (keyNode, value) in mapping {
                guard case .scalar(let name) = keyNode else { continue }
                if let level = reader.integer(value, key: "privacy.levels.\(name.string)", in: 1...5) { privacy.levels[name.string] = level }
            }
        } else if let levels = fields["levels"] {
            reader.report(levels, key: "privacy.levels", "expected a mapping of entity types to levels 1–5, e.g. { cn_mobile: 3 }")
        }
        if let value = fields["reload_interval"], let interval = reader.duration(value, key: "privacy.reload_interval") {
            privacy.reloadInterval = interval
        }
        if let node = fields["dictionaries"], let items = reader.sequence(node, key: "privacy.dictionaries") {
            privacy.dictionaries = items.enumerated().compactMap { dictionary($1, key: "privacy.dictionaries[\($0)]") }
        }
        if let node = fields["recognizers"], let items = reader.sequence(node, key: "privacy.recognizers") {
            privacy.recognizers = items.enumerated().compactMap { recognizer($1, key: "privacy.recognizers[\($0)]") }
        }
        if let node = fields["keywords"], let items = reader.sequence(node, key: "privacy.keywords") {
            privacy.keywords = items.enumerated().compactMap { keywords($1, key: "privacy.keywords[\($0)]") }
        }
        return privacy
    }

    private mutating func uninspectableRule(_ node: Node, key: String) -> UninspectableRule? {
        guard let fields = reader.mapping(node, key: key, allowed: ["tenant", "model", "level"]) else { return nil }
        let tenant = fields["tenant"].flatMap { reader.nonEmptyString($0, key: "\(key).tenant") }
        let model = fields["model"].flatMap { reader.nonEmptyString($0, key: "\(key).model") }
        let level = required(fields, "level", in: node, key: key).flatMap { reader.integer($0, key: "\(key).level", in: 1...5) }
        if tenant == nil, model == nil, fields["tenant"] == nil, fields["model"] == nil {
            reader.report(node, key: key, "name a tenant, a model alias or both; for everyone set privacy.uninspectable_level")
            return nil
        }
        guard let level else { return nil }
        return UninspectableRule(tenant: tenant, model: model, level: level)
    }

    private mutating func dictionary(_ node: Node, key: String) -> DictionaryConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["type", "file", "sqlite", "query"]) else { return nil }
        let type = required(fields, "type", in: node, key: key).flatMap { entityTypeName($0, key: "\(key).type") }
        let file = fields["file"].flatMap { reader.nonEmptyString($0, key: "\(key).file") }
        let database = fields["sqlite"].flatMap { reader.nonEmptyString($0, key: "\(key).sqlite") }
        let query = fields["query"].flatMap { reader.nonEmptyString($0, key: "\(key).query") }
        let source: DictionarySource
        switch (file, database, query) {
        case (let file?, nil, nil):
            source = .file(path: resolve(file))
        case (nil, let database?, let query?):
            source = .sqlite(path: resolve(database), query: query)
        case (nil, _?, nil):
            reader.report(node, key: "\(key).query", "is required with sqlite: a SELECT whose first column holds the entries")
            return nil
        default:
            reader.report(node, key: key, "give either file: PATH, or sqlite: PATH with query: SELECT …")
            return nil
        }
        guard let type else { return nil }
        return DictionaryConfig(type: type, source: source)
    }

    private mutating func recognizer(_ node: Node, key: String) -> CustomRecognizerConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["type", "pattern", "validator", "context", "level"]) else { return nil }
        let type = required(fields, "type", in: node, key: key).flatMap { entityTypeName($0, key: "\(key).type") }
        var pattern: String?
        if let patternNode = required(fields, "pattern", in: node, key: key), let text = reader.nonEmptyString(patternNode, key: "\(key).pattern") {
            do {
                let expression = try NSRegularExpression(pattern: text)
                if expression.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil {
                    reader.report(patternNode, key: "\(key).pattern", "matches the empty string; it would flag every position")
                } else {
                    pattern = text
                }
            } catch {
                reader.report(patternNode, key: "\(key).pattern", "is not a valid regular expression: \(error.localizedDescription)")
            }
        }
        var validator: String?
        if let value = fields["validator"], let name = reader.string(value, key: "\(key).validator") {
            if PrivacyConfig.validatorNames.contains(name) {
                validator = name
            } else {
                reader.report(value, key: "\(key).validator", "'\(name)' is not one of: \(PrivacyConfig.validatorNames.joined(separator: ", "))")
            }
        }
        let context = fields["context"].flatMap { reader.strings($0, key: "\(key).context") } ?? []
        let level = fields["level"].flatMap { reader.integer($0, key: "\(key).level", in: 1...5) } ?? 3
        guard let type, let pattern else { return nil }
        return CustomRecognizerConfig(type: type, pattern: pattern, validator: validator, context: context, level: level)
    }

    private mutating func keywords(_ node: Node, key: String) -> KeywordConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["category", "words", "level"]) else { return nil }
        let category = required(fields, "category", in: node, key: key).flatMap { entityTypeName($0, key: "\(key).category") }
        let words = required(fields, "words", in: node, key: key).flatMap { reader.strings($0, key: "\(key).words") }
        let level = required(fields, "level", in: node, key: key).flatMap { reader.integer($0, key: "\(key).level", in: 1...5) }
        guard let category, let words, let level else { return nil }
        return KeywordConfig(category: category, words: words, level: level)
    }

    mutating func policy(_ node: Node) -> [PolicyRule] {
        guard let items = reader.sequence(node, key: "policy") else { return PolicyRule.defaults }
        if items.isEmpty { reader.report(node, key: "policy", "list at least one rule; with no rule every request would be refused") }
        return items.enumerated().compactMap { index, item in policyRule(item, index: index) }
    }

    private mutating func policyRule(_ node: Node, index: Int) -> PolicyRule? {
        let key = "policy[\(index)]"
        guard let fields = reader.mapping(node, key: key, allowed: ["level", "tenant", "model", "zones", "mask", "regions"]) else { return nil }
        var level: LevelCondition?
        if let levelNode = required(fields, "level", in: node, key: key), let text = reader.string(levelNode, key: "\(key).level") {
            level = LevelCondition(text)
            if level == nil {
                reader.report(levelNode, key: "\(key).level", "expected a level 1–5 or a comparison such as \">=3\", \"<=2\" or \">1\", found '\(text)'")
            }
        }
        let tenant = fields["tenant"].flatMap { reader.nonEmptyString($0, key: "\(key).tenant") }
        let model = fields["model"].flatMap { reader.nonEmptyString($0, key: "\(key).model") }
        var zones: [Zone]?
        if let zonesNode = required(fields, "zones", in: node, key: key), let items = reader.sequence(zonesNode, key: "\(key).zones") {
            zones = items.enumerated().compactMap { reader.choice($1, key: "\(key).zones[\($0)]", as: Zone.self) }
            if items.isEmpty { reader.report(zonesNode, key: "\(key).zones", "list at least one zone (private, public)") }
        }
        var mask = false
        if let maskNode = fields["mask"] {
            if let text = reader.string(maskNode, key: "\(key).mask"), let value = Bool(text) {
                mask = value
            } else {
                reader.report(maskNode, key: "\(key).mask", "expected true or false")
            }
        }
        var regions: [String]?
        if let regionsNode = fields["regions"], let items = reader.sequence(regionsNode, key: "\(key).regions") {
            regions = items.enumerated().compactMap { regionCode($1, key: "\(key).regions[\($0)]") }
            if items.isEmpty { reader.report(regionsNode, key: "\(key).regions", "list at least one region (e.g. CN), or leave regions out to allow any") }
        }
        guard let level, let zones, !zones.isEmpty else { return nil }
        return PolicyRule(index: index, level: level, tenant: tenant, model: model, zones: zones, mask: mask, regions: regions)
    }

    /// A type or category name: lower-case letters, digits and underscores.
    private mutating func entityTypeName(_ node: Node, key: String) -> String? {
        guard let name = reader.nonEmptyString(node, key: key) else { return nil }
        guard name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) else {
            reader.report(node, key: key, "'\(name)' must be lower-case letters, digits and underscores, e.g. employee_id")
            return nil
        }
        return name
    }

    /// `path` relative to the config file's folder.
    func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !reader.file.hasPrefix("<") else { return path }
        let folder = URL(fileURLWithPath: reader.file).deletingLastPathComponent()
        return folder.appendingPathComponent(path).path
    }
}
