import Foundation
import Yams

/// Reads, interpolates and validates configuration.
public enum ConfigLoader {
    /// The configuration used when no file is given: listen on 127.0.0.1:8080, state in
    /// `./switchboard-data/`, and one private backend at the default vLLM address.
    public static let embeddedDefaultsYAML = """
        server:
          listen: "127.0.0.1:8080"
        store:
          sqlite: "./switchboard-data/switchboard.db"
        backends:
          - { name: local, kind: openai, url: "http://127.0.0.1:8000/v1", zone: private, capacity: 16 }
        models:
          - { alias: default, targets: [local] }
        """

    /// Loads the file at `path`, or the embedded defaults when `path` is nil.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> SwitchboardConfig {
        guard let path else {
            var config = try parse(yaml: embeddedDefaultsYAML, file: "<embedded defaults>", environment: environment)
            config.sourceFile = nil
            return config
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(diagnostics: [
                ConfigDiagnostic(file: path, line: 0, column: 0, key: "", message: "cannot read the file (\(error.localizedDescription)); check the path given with --config")
            ])
        }
        return try parse(yaml: text, file: path, environment: environment)
    }

    /// Parses YAML text; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String, environment: [String: String]) throws(ConfigError) -> SwitchboardConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigError(diagnostics: [diagnostic(for: error, file: file)])
        } catch {
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: file, line: 0, column: 0, key: "", message: "\(error)")])
        }
        var decoder = ConfigDecoder(file: file, interpolation: EnvironmentInterpolation(environment: environment))
        return try decoder.decode(root)
    }

    private static func diagnostic(for error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, key: "", message: "invalid YAML: \(detail)\(problem)")
        default:
            return ConfigDiagnostic(file: file, line: 0, column: 0, key: "", message: "invalid YAML: \(error)")
        }
    }
}
