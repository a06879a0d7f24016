import Yams

/// The `data_sources`, `queries` and `knowledge` sections.
extension ConfigDecoder {
    mutating func knowledge(_ node: Node) -> KnowledgeConfig? {
        guard let fields = reader.mapping(node, key: "knowledge", allowed: ["folder", "demo", "reindex_interval", "chunk_characters", "rerank"]) else { return nil }
        let folder = fields["folder"].flatMap { reader.nonEmptyString($0, key: "knowledge.folder") }.map(resolve)
        let demo = fields["demo"].flatMap { reader.bool($0, key: "knowledge.demo") } ?? false
        if folder == nil, !demo {
            reader.report(node, key: "knowledge", "give folder (the documents to search) or demo: true (the shipped demo documents)")
            return nil
        }
        if folder != nil, demo { reader.report(fields["demo"], key: "knowledge.demo", "give folder or demo: true, not both") }
        var config = KnowledgeConfig(folder: folder)
        if let value = fields["reindex_interval"], let interval = reader.duration(value, key: "knowledge.reindex_interval") { config.reindexInterval = interval }
        if let value = fields["chunk_characters"], let size = reader.integer(value, key: "knowledge.chunk_characters", in: 100...10_000) {
            config.chunkCharacters = size
        }
        if let value = fields["rerank"], let rerank = reader.mapping(value, key: "knowledge.rerank", allowed: ["model", "candidates"]) {
            let model = required(rerank, "model", in: value, key: "knowledge.rerank").flatMap { reader.nonEmptyString($0, key: "knowledge.rerank.model") }
            let candidates = rerank["candidates"].flatMap { reader.integer($0, key: "knowledge.rerank.candidates", in: 2...100) } ?? 20
            config.rerank = model.map { KnowledgeConfig.Rerank(model: $0, candidates: candidates) }
        }
        return config
    }

    mutating func dataSource(_ node: Node, key: String) -> DataSourceConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["name", "sqlite", "demo"]) else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let path = required(fields, "sqlite", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).sqlite") }
        let demo = fields["demo"].flatMap { reader.bool($0, key: "\(key).demo") } ?? false
        guard let name, let path else { return nil }
        return DataSourceConfig(name: name, sqlitePath: resolve(path), createDemo: demo)
    }

    mutating func query(_ node: Node, key: String, sources: Set<String>) -> QueryConfig? {
        guard let fields = reader.mapping(node, key: key, allowed: ["name", "description", "source", "sql", "bind", "parameters", "max_rows", "timeout"])
        else { return nil }
        let name = required(fields, "name", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).name") }
        let description = required(fields, "description", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).description") }
        let source = required(fields, "source", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).source") }
        if let source, !sources.contains(source) {
            reader.report(fields["source"], key: "\(key).source", "there is no data source named '\(source)'; data sources are: \(sources.sorted().joined(separator: ", "))")
        }
        let sql = required(fields, "sql", in: node, key: key).flatMap { reader.nonEmptyString($0, key: "\(key).sql") }
        var bind: [String: QueryConfig.BindSource] = [:]
        if let bindNode = fields["bind"], let map = reader.stringMap(bindNode, key: "\(key).bind") {
            for (parameter, value) in map {
                guard let bindSource = QueryConfig.BindSource(rawValue: value) else {
                    reader.report(bindNode, key: "\(key).bind.\(parameter)", "expected end_user or tenant, found '\(value)'")
                    continue
                }
                bind[parameter] = bindSource
            }
        }
        var parameters: [QueryConfig.Parameter] = []
        if let parametersNode = fields["parameters"] {
            if case .mapping(let mapping) = parametersNode {
                for (nameNode, value) in mapping {
                    guard let parameterName = nameNode.string else { continue }
                    if let parameter = queryParameter(parameterName, value, key: "\(key).parameters.\(parameterName)") {
                        if bind[parameterName] != nil {
                            reader.report(value, key: "\(key).parameters.\(parameterName)", "is bound from the context in bind; a model may not supply it")
                        }
                        parameters.append(parameter)
                    }
                }
            } else {
                reader.report(parametersNode, key: "\(key).parameters", "expected a mapping of parameter names to { type, description, required, pattern }")
            }
        }
        let maxRows = fields["max_rows"].flatMap { reader.integer($0, key: "\(key).max_rows", in: 1...10_000) } ?? 200
        let timeout = fields["timeout"].flatMap { reader.duration($0, key: "\(key).timeout") } ?? .seconds(2)
        guard let name, let description, let source, let sql else { return nil }
        return QueryConfig(
            name: name, description: description, source: source, sql: sql, bind: bind, parameters: parameters.sorted { $0.name < $1.name },
            maxRows: maxRows, timeout: timeout)
    }

    private mutating func queryParameter(_ name: String, _ node: Node, key: String) -> QueryConfig.Parameter? {
        guard let fields = reader.mapping(node, key: key, allowed: ["type", "description", "required", "pattern"]) else { return nil }
        let kind = required(fields, "type", in: node, key: key).flatMap { reader.choice($0, key: "\(key).type", as: QueryConfig.Parameter.Kind.self) }
        let description = fields["description"].flatMap { reader.string($0, key: "\(key).description") }
        let isRequired = fields["required"].flatMap { reader.bool($0, key: "\(key).required") } ?? true
        let pattern = fields["pattern"].flatMap { reader.string($0, key: "\(key).pattern") }
        guard let kind else { return nil }
        return QueryConfig.Parameter(name: name, kind: kind, description: description, required: isRequired, pattern: pattern)
    }
}
