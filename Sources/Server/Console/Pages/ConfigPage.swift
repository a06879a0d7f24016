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
    /// (with this server's environment for `${VAR}`), without applying it.
    func check(_ visit: ConsoleVisit) -> ConsoleOutcome {
        var context = context(visit)
        let proposed = visit.form["proposed"] ?? ""
        context["proposed"] = proposed
        do throws(ConfigError) {
            _ = try ConfigLoader.parse(yaml: proposed, file: "proposed.yaml", environment: ProcessInfo.processInfo.environment)
            context["valid"] = true
        } catch {
            context["errors"] = error.diagnostics.map(\.description)
            context["hasErrors"] = !error.diagnostics.isEmpty
        }
        return .page(.config, template: "config", context: context)
    }

    private func context(_ visit: ConsoleVisit) -> [String: Any] {
        ["source": source == "<embedded defaults>" ? visit.text("embedded_defaults") : source, "running": running]
    }
}
