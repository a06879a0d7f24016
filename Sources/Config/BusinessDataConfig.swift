/// A database of the institution's own that queries read from (read-only).
public struct DataSourceConfig: Sendable, Equatable {
    /// The source's name, used by queries.
    public var name: String
    /// The SQLite file (relative to the configuration file).
    public var sqlitePath: String
    /// Create the file from the shipped demo database script when it does not exist.
    public var createDemo: Bool

    /// Creates a data source.
    public init(name: String, sqlitePath: String, createDemo: Bool) {
        self.name = name
        self.sqlitePath = sqlitePath
        self.createDemo = createDemo
    }
}

/// A named, parameterized, read-only query offered as a plugin. Parameters come either from the
/// authenticated context (`bind`) or from the model, validated against declared types; the SQL
/// is fixed by the configuration, never written by a model.
public struct QueryConfig: Sendable, Equatable {
    /// Where a bound parameter's value comes from.
    public enum BindSource: String, Sendable, Equatable, CaseIterable {
        /// The end user the app named (`X-Switchboard-User`).
        case endUser = "end_user"
        /// The tenant of the API key.
        case tenant
    }

    /// A parameter the model supplies.
    public struct Parameter: Sendable, Equatable {
        /// The type a value must have.
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case string, integer, decimal, date, boolean
        }

        /// The parameter's name (`:name` in the SQL).
        public var name: String
        /// Its type.
        public var kind: Kind
        /// What it means, for the model.
        public var description: String?
        /// Whether the model must give it (absent optional parameters are bound as NULL).
        public var required: Bool
        /// For strings: a regular expression the value must match.
        public var pattern: String?

        /// Creates a parameter.
        public init(name: String, kind: Kind, description: String?, required: Bool, pattern: String?) {
            self.name = name
            self.kind = kind
            self.description = description
            self.required = required
            self.pattern = pattern
        }
    }

    /// The plugin's name.
    public var name: String
    /// What it returns, in business language.
    public var description: String
    /// The data source it reads.
    public var source: String
    /// The SQL, with `:name` parameters.
    public var sql: String
    /// Parameters bound from the authenticated context.
    public var bind: [String: BindSource]
    /// Parameters the model supplies.
    public var parameters: [Parameter]
    /// The most rows returned (more are cut, and the result says so).
    public var maxRows: Int
    /// The longest the query may run.
    public var timeout: Duration

    /// Creates a query.
    public init(
        name: String, description: String, source: String, sql: String, bind: [String: BindSource], parameters: [Parameter], maxRows: Int, timeout: Duration
    ) {
        self.name = name
        self.description = description
        self.source = source
        self.sql = sql
        self.bind = bind
        self.parameters = parameters
        self.maxRows = maxRows
        self.timeout = timeout
    }
}
