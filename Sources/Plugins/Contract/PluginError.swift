/// Why a plugin call did not produce a result. The message goes back to the model (and to the
/// command line), so it says what was wrong and what would work.
public struct PluginError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Equatable {
        /// The arguments are not valid JSON or do not satisfy the plugin's schema.
        case invalidArguments = "invalid_arguments"
        /// No plugin of that name is available here.
        case unknownPlugin = "unknown_plugin"
        /// The plugin ran and could not answer (bad input it found itself, a data gap).
        case failed
        /// The plugin did not answer before its deadline.
        case timedOut = "timed_out"
        /// The result exceeded the size limit.
        case resultTooLarge = "result_too_large"
        /// The plugin's own service is unreachable or answered with an error.
        case unavailable
    }

    /// The kind of failure.
    public var kind: Kind
    /// What went wrong, for the model and for people.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// The error as the model sees it in the tool message.
    public var json: [String: String] {
        ["error": kind.rawValue, "message": message]
    }
}
