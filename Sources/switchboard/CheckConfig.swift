import ArgumentParser
import Config
import AsyncHTTPClient
import Finance
import Gateway
import Logging

/// `switchboard check-config`: validates the configuration without starting anything.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and load its privacy dictionaries, rule packs, securities master, data sources and documents; print every problem as file:line:column: error: key: message.")

    @OptionGroup var options: ConfigOption

    func run() throws {
        let config = CommandSupport.loadConfig(options.config)
        // Dictionaries and custom recognizers are loaded as `serve` would load them.
        do {
            _ = try PrivacyScannerLoader.load(config.privacy)
        } catch {
            CommandSupport.printError("switchboard: \(error.description)")
            throw ExitCode(2)
        }
        // The financial data is loaded as `serve` loads it: rule packs are parsed and type-checked,
        // queries prepared against their databases, documents indexed. Nothing is written: a demo
        // database not yet created is checked in memory.
        do {
            _ = try FinanceServices(
                config, logger: Logger(label: "switchboard.check-config", factory: { _ in SwiftLogNoOpLogHandler() }), httpClient: HTTPClient.shared,
                writesDemoData: false)
        } catch {
            CommandSupport.printError("switchboard: \(error.message)")
            throw ExitCode(2)
        }
        let source = config.sourceFile ?? "the embedded defaults"
        for warning in config.warnings { CommandSupport.printError("\(source): warning: \(warning)") }
        print("\(source): OK — \(config.backends.count) backend(s), \(config.models.count) model alias(es), listening on \(config.server.host):\(config.server.port)")
    }
}
