/// Where a dictionary of sensitive values (names, client ids) comes from.
public enum DictionarySource: Sendable, Equatable {
    /// A UTF-8 text file, one entry per line (blank lines and lines starting with `#` ignored).
    case file(path: String)
    /// A query against a SQLite database whose first column holds the entries.
    case sqlite(path: String, query: String)
}

/// A dictionary of values of one entity type, reloaded when it changes.
public struct DictionaryConfig: Sendable, Equatable {
    /// The entity type its entries are, e.g. `person_name` or `client_id`.
    public var type: String
    /// Where the entries come from.
    public var source: DictionarySource

    /// Creates a dictionary entry.
    public init(type: String, source: DictionarySource) {
        self.type = type
        self.source = source
    }
}

/// A recognizer defined in config.
public struct CustomRecognizerConfig: Sendable, Equatable {
    /// The entity type it reports.
    public var type: String
    /// An ICU regular expression.
    public var pattern: String
    /// A checksum matches must pass: `luhn`, `mod11-2`, `gb32100` or `mod97`.
    public var validator: String?
    /// Words one of which must appear within 12 characters before a match.
    public var context: [String]
    /// The data level of its type.
    public var level: Int

    /// Creates a recognizer entry.
    public init(type: String, pattern: String, validator: String?, context: [String], level: Int) {
        self.type = type
        self.pattern = pattern
        self.validator = validator
        self.context = context
        self.level = level
    }
}

/// A keyword category from config.
public struct KeywordConfig: Sendable, Equatable {
    /// The category's name.
    public var category: String
    /// Its words.
    public var words: [String]
    /// The level they set.
    public var level: Int

    /// Creates a category.
    public init(category: String, words: [String], level: Int) {
        self.category = category
        self.words = words
        self.level = level
    }
}

/// The level content the scanner cannot read (images, audio, PDFs, unknown payloads) gives a
/// request of one tenant, one model alias, or both.
public struct UninspectableRule: Sendable, Equatable {
    /// Only for this tenant, when set.
    public var tenant: String?
    /// Only for this model alias, when set.
    public var model: String?
    /// The level, 1–5.
    public var level: Int

    /// Creates a rule.
    public init(tenant: String?, model: String?, level: Int) {
        self.tenant = tenant
        self.model = model
        self.level = level
    }
}

/// How requests are inspected for sensitive data.
public struct PrivacyConfig: Sendable, Equatable {
    /// Level overrides by entity type name.
    public var levels: [String: Int]
    /// Dictionaries of names, client ids and other values.
    public var dictionaries: [DictionaryConfig]
    /// How often dictionaries are checked for changes.
    public var reloadInterval: Duration
    /// Custom recognizers.
    public var recognizers: [CustomRecognizerConfig]
    /// Keyword categories.
    public var keywords: [KeywordConfig]
    /// The level a request holding content the scanner cannot read takes, unless a rule in
    /// ``uninspectableRules`` names its tenant or alias: 3 by default, so private zones only
    /// under the built-in policy.
    public var uninspectableLevel = 3
    /// Levels for uninspectable content per tenant or alias; the first that matches decides.
    public var uninspectableRules: [UninspectableRule] = []

    /// The level uninspectable content gives a request from `tenant` for the alias `model`.
    public func uninspectableLevel(tenant: String, model: String) -> Int {
        for rule in uninspectableRules where (rule.tenant == nil || rule.tenant == tenant) && (rule.model == nil || rule.model == model) {
            return rule.level
        }
        return uninspectableLevel
    }

    /// The names custom validators may use.
    public static let validatorNames = ["luhn", "mod11-2", "gb32100", "mod97"]

    /// The built-in keyword category: confidentiality markings set L3.
    public static let defaultKeywords = [
        KeywordConfig(category: "confidential_marking", words: ["机密", "绝密", "内部资料", "仅限内部", "strictly confidential", "internal use only"], level: 3),
    ]

    /// No overrides, no dictionaries, the built-in keywords.
    public static let defaults = PrivacyConfig(levels: [:], dictionaries: [], reloadInterval: .seconds(30), recognizers: [], keywords: defaultKeywords)

    /// Creates settings.
    public init(levels: [String: Int], dictionaries: [DictionaryConfig], reloadInterval: Duration, recognizers: [CustomRecognizerConfig], keywords: [KeywordConfig]) {
        self.levels = levels
        self.dictionaries = dictionaries
        self.reloadInterval = reloadInterval
        self.recognizers = recognizers
        self.keywords = keywords
    }
}
