import Yams

/// The node tree of a YAML document whose plain scalars are all kept as text, for readers that
/// give each value its type themselves (configuration, rule packs, calendars).
public enum YAMLTree {
    /// The first document of `yaml`, or nil when it is empty.
    ///
    /// Scalars are not matched against YAML's implicit types (bool, int, float, null,
    /// timestamp). That matching compiles regular expressions in ICU on first use, which costs
    /// the process megabytes of resident memory, and nothing here reads the tags it would set.
    public static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .basic)
    }
}
