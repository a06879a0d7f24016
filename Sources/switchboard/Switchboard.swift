import ArgumentParser

/// The `switchboard` command: the gateway and its administration.
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "The central control between financial institutions' applications and large language models.",
        subcommands: [Serve.self, CheckConfig.self, Keys.self, AuditCommand.self, Inspect.self, CheckCommand.self, EvalCommand.self, ToolCommand.self, RulesCommand.self, SearchCommand.self, UsageCommand.self, PoolCommand.self, ConsoleCommand.self])
}

/// The `--config` option shared by every subcommand.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "The configuration file (YAML). Without it, the embedded defaults are used.")
    var config: String?
}
