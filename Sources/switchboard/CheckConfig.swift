import ArgumentParser
import Config

/// `switchboard check-config`: validates the configuration without starting anything.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration; print every problem as file:line:column: error: key: message.")

    @OptionGroup var options: ConfigOption

    func run() throws {
        let config = CommandSupport.loadConfig(options.config)
        let source = config.sourceFile ?? "the embedded defaults"
        print("\(source): OK — \(config.backends.count) backend(s), \(config.models.count) model alias(es), listening on \(config.server.host):\(config.server.port)")
    }
}
