import Config
import Foundation
import Logging
import Server
import PostgresStore
import Store

/// Loading the configuration and the store for a subcommand, with errors that end the process
/// cleanly (exit code 2 for configuration, 1 otherwise) instead of a crash.
enum CommandSupport {
    /// The validated configuration, or exit 2 after printing every diagnostic to stderr.
    static func loadConfig(_ path: String?) -> SwitchboardConfig {
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            printError(error.description)
            printError("switchboard: the configuration has \(error.diagnostics.count) problem(s); nothing was started.")
            exit(2)
        }
    }

    /// The store the configuration names, or exit 1.
    static func openStore(_ config: SwitchboardConfig, writesAudit: Bool = false) async -> any Store {
        let logger = Logger(label: "switchboard.store")
        switch config.store {
        case .sqlite(let path):
            do {
                return try SQLiteStore(path: path) { line in logger.info("\(line)", metadata: ["store": "\(path)"]) }
            } catch {
                printError("switchboard: \(error.message)")
                exit(1)
            }
        case .postgres(let settings):
            do {
                return try await PostgresStore(settings: settings, logger: logger, writesAudit: writesAudit)
            } catch {
                printError("switchboard: \(error.message)")
                exit(1)
            }
        }
    }

    /// Writes a line (or, without `newline`, a piece of one) to standard error.
    static func printError(_ message: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
    }

    /// Sets up structured logging once per process.
    static func bootstrapLogging() {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
    }
}
