import Config
import Foundation
import Gateway

/// The configuration page: the running configuration with its secrets redacted, and the check of a proposed one.
struct ConfigPage: Sendable {
    /// Where the running configuration came from.
    let source: String
    /// Its text with secrets redacted.
    let running: String

    /// Reads the running configuration's file (or the embedded defaults) once, at start.
    init(config: SwitchboardConfig) {
        if let file = config.sourceFile {
            source = file
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? "# \(file) can no longer be read"
            running = ConfigRedaction.redacted(yaml: text)
        } else {
            source = "<embedded defaults>"
            running = ConfigRedaction.redacted(yaml: ConfigLoader.embeddedDefaultsYAML)
        }
    }

    /// `GET /console/config`.
    func render(_ visit: ConsoleVisit) -> ConsoleOutcome {
        .page(.config, template: "config", context: context(visit))
    }

    /// `POST /console/config`: validates the proposed YAML as `switchboard serve` would read it
    /// (with this server's environment for `${VAR}`, whose values never appear in the errors),
    /// without applying it.
    func check(_ visit: ConsoleVisit) -> ConsoleOutcome {
        var context = context(visit)
        let proposed = visit.form["proposed"] ?? ""
        context["proposed"] = proposed
        let environment = ProcessInfo.processInfo.environment
        do throws(ConfigError) {
            _ = try ConfigLoader.parse(yaml: proposed, file: "proposed.yaml", environment: environment)
            context["valid"] = true
        } catch {
            context["errors"] = error.diagnostics.map { Self.withoutVariableValues($0.description, proposed: proposed, environment: environment) }
            context["hasErrors"] = !error.diagnostics.isEmpty
        }
        return .page(.config, template: "config", context: context)
    }

    /// `message` with the value of every variable the proposed text refers to written back as
    /// `${NAME}`, so that an error quoting an expanded value does not show a secret.
    static func withoutVariableValues(_ message: String, proposed: String, environment: [String: String]) -> String {
        var message = message
        for name in EnvironmentInterpolation.referencedNames(in: proposed) {
            guard let value = environment[name], value.count >= 3 else { continue }
            message = message.replacingOccurrences(of: value, with: "${\(name)}")
        }
        return message
    }

    private func context(_ visit: ConsoleVisit) -> [String: Any] {
        ["source": source == "<embedded defaults>" ? visit.text("embedded_defaults") : source, "running": running]
    }
}
