import ArgumentParser
import AsyncHTTPClient
import Config
import Finance
import Foundation
import Logging
import Plugins
import Wire

/// `switchboard tool NAME --args JSON`: runs one plugin from the command line and prints its
/// result (with provenance) as JSON; `switchboard tool --list` prints every plugin's definition.
struct ToolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool",
        abstract: "Run a plugin and print its result as JSON (exit 1 when the call fails).",
        discussion: """
            Examples:
              switchboard tool calculate --args '{"expression": "round(1.15 * 1.1, 2)"}'
              switchboard tool calendar --args '{"action": "next_trading_day", "date": "2026-09-30"}'
              switchboard tool --list
            Write plugins run too: the command line is the operator's own approval.
            """)

    @OptionGroup var options: ConfigOption

    @Argument(help: "The plugin's name.")
    var name: String?

    @Option(name: .long, help: "The arguments as a JSON object.")
    var args: String = "{}"

    @Option(name: .long, help: "The tenant the call runs for (plugins that read business data need one).")
    var tenant: String = "cli"

    @Option(name: .long, help: "The end user the call runs for.")
    var user: String?

    @Flag(name: .long, help: "List the plugins with their descriptions and argument schemas.")
    var list = false

    func run() async throws {
        let config = CommandSupport.loadConfig(options.config)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let status = await run(config, client: client)
        try? await client.shutdown()
        if status != 0 { throw ExitCode(status) }
    }

    private func run(_ config: SwitchboardConfig, client: HTTPClient) async -> Int32 {
        let catalog: PluginCatalog
        let quiet = Logger(label: "switchboard.tool", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            catalog = try await PluginCatalog.load(
                config, more: try FinanceServices(config, logger: quiet, httpClient: client).plugins, client: client, logger: quiet)
        } catch {
            CommandSupport.printError("switchboard: \(error.message)")
            return 2
        }
        let status = await run(catalog.registry, config: config)
        await catalog.shutdown()
        return status
    }

    private func run(_ registry: PluginRegistry, config: SwitchboardConfig) async -> Int32 {
        if list {
            let definitions: [JSONValue] = registry.definitions.map { definition in
                .object([
                    "name": .string(definition.name), "description": .string(definition.description),
                    "effect": .string(definition.effect.rawValue), "parameters": definition.parameters,
                ])
            }
            print(JSONValue.array(definitions).encodedString)
            return 0
        }
        guard let name else {
            CommandSupport.printError("switchboard: name a plugin (switchboard tool --list shows them): \(registry.names.joined(separator: ", "))")
            return 2
        }
        let runner = PluginRunner(registry: registry, timeout: config.plugins.timeout, maximumResultBytes: config.plugins.maxResultBytes)
        let context = PluginContext(tenant: tenant, endUser: user, scenario: nil, requestID: "cli-" + UUID().uuidString.prefix(8).lowercased(), deadline: .now + config.plugins.timeout)
        do throws(PluginError) {
            let arguments = try registry.arguments(for: name, json: args)
            let result = try await runner.run(name, arguments: arguments, context: context)
            print(result.json.encodedString)
            return 0
        } catch {
            print(JSONValue.object(error.json.mapValues(JSONValue.string)).encodedString)
            CommandSupport.printError("switchboard: \(name) failed: \(error.message)")
            return 1
        }
    }
}
