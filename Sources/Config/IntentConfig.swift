import Mustache

/// A model-free answer: questions matching one of the patterns call a plugin with arguments
/// made from the pattern's slots, and the answer is rendered from its result — exact, instant,
/// and without any model.
public struct IntentConfig: Sendable {
    /// The intent's name (in audit records and logs).
    public var name: String
    /// Question patterns with `{slot}` placeholders, e.g. `{code} 现价多少`, `quote {code}`.
    public var patterns: [String]
    /// The plugin to call (a `read` plugin).
    public var plugin: String
    /// The plugin's arguments as JSON text; `{{slot}}` inside string values is replaced by the slot's text.
    public var argumentsJSON: String
    /// The answer template (Mustache, plain text), rendered with the plugin's result and the slots.
    public var answer: MustacheTemplate

    /// Creates an intent.
    public init(name: String, patterns: [String], plugin: String, argumentsJSON: String, answer: MustacheTemplate) {
        self.name = name
        self.patterns = patterns
        self.plugin = plugin
        self.argumentsJSON = argumentsJSON
        self.answer = answer
    }
}
