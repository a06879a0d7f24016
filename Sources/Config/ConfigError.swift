/// One problem found in a configuration file, located by file, line, column and key.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The file, or `<embedded defaults>`.
    public var file: String
    /// Line number from 1; 0 when the problem has no single place (a missing section).
    public var line: Int
    /// Column number from 1; 0 when unknown.
    public var column: Int
    /// The key path, e.g. `backends[1].zone`.
    public var key: String
    /// What is wrong and what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line:column: error: key: message`, the form editors and CI logs understand.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return key.isEmpty ? "\(place): error: \(message)" : "\(place): error: \(key): \(message)"
    }
}

/// A configuration that cannot be used, with every problem found in it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var diagnostics: [ConfigDiagnostic]

    /// Creates an error from diagnostics.
    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
