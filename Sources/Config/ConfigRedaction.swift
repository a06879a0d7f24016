import Yams

/// A configuration's YAML with every secret replaced, for showing to operators: the values of
/// keys that name keys, secrets, passwords or tokens, every value under `headers` and `env`,
/// and the password in a URL's user part. `${VAR}` references are shown as written.
public enum ConfigRedaction {
    /// What a secret is replaced with.
    public static let placeholder = "<redacted>"

    /// `yaml` with its secrets replaced, re-serialized (comments are not kept); the whole text
    /// replaced by a note when it does not parse.
    public static func redacted(yaml: String) -> String {
        guard let root = try? YAMLTree.compose(yaml) else { return "# the configuration does not parse as YAML, so it is not shown" }
        return (try? Yams.serialize(node: redact(root, key: nil, underSecrets: false), allowUnicode: true)) ?? "# the configuration could not be shown"
    }

    /// Whether a value under `key` is a secret.
    public static func isSecret(key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered == "key" || lowered.hasSuffix("_key") || lowered == "token" || lowered.hasSuffix("_token") || lowered.contains("secret")
            || lowered.contains("password") || lowered.contains("credential") || lowered == "authorization" || lowered == "dsn"
    }

    private static func redact(_ node: Node, key: String?, underSecrets: Bool) -> Node {
        switch node {
        case .scalar(let scalar):
            if underSecrets || key.map(isSecret) == true { return .scalar(.init(placeholder)) }
            return .scalar(.init(withoutURLPassword(scalar.string), scalar.tag, scalar.style))
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (Node, Node) in
                let name = pair.key.string ?? ""
                let lowered = name.lowercased()
                return (pair.key, redact(pair.value, key: name, underSecrets: underSecrets || lowered == "headers" || lowered == "env" || isSecret(key: name)))
            }
            return .mapping(.init(pairs, mapping.tag, mapping.style))
        case .sequence(let sequence):
            return .sequence(.init(sequence.map { redact($0, key: key, underSecrets: underSecrets) }, sequence.tag, sequence.style))
        case .alias:
            return node
        }
    }

    /// `postgres://user:secret@host/db` as `postgres://user:<redacted>@host/db`; other text unchanged.
    private static func withoutURLPassword(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<rest.index(after: colon)]) + placeholder + String(rest[at...])
    }
}
