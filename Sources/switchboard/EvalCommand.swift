import ArgumentParser
import Evaluation
import Foundation
import Gateway
import Logging
import Store

/// `switchboard eval SUITE.yaml`: runs an evaluation suite through the gateway in-process
/// against the configured backends, and reports pass rate, pass^k, tool-call accuracy,
/// grounding, rail violations, latency and tokens as a table, JSON and an HTML page.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Run an evaluation suite against the configured backends and report how the scenario does.")

    @OptionGroup var options: ConfigOption

    @Argument(help: "The suite (YAML).")
    var suite: String

    @Option(help: "The scenario the cases run in (default: the suite's).")
    var scenario: String?

    @Option(help: "Runs per case (pass^k counts cases whose every run passed).")
    var `repeat` = 1

    @Option(help: "Write the report as JSON here (what --compare reads).")
    var json: String?

    @Option(help: "Write a self-contained HTML report with charts here.")
    var html: String?

    @Option(help: "A JSON report of an earlier run to compare with; a regression exits 1.")
    var compare: String?

    @Option(help: "Exit 0 when the pass rate reaches this (0–1) instead of requiring every run to pass.")
    var require: Double?

    func run() async throws {
        let config = CommandSupport.loadConfig(options.config)
        let loaded: EvalSuite
        let earlier: EvalReport?
        do {
            loaded = try EvalSuite.load(path: suite)
            earlier = try compare.map { path throws(EvalSuiteError) in try EvalReport.read(path: path) }
        } catch {
            CommandSupport.printError("switchboard: \(error.description)")
            throw ExitCode(2)
        }
        guard (1...100).contains(`repeat`) else {
            CommandSupport.printError("switchboard: --repeat must be 1 to 100")
            throw ExitCode(2)
        }
        let scenarioName = scenario ?? loaded.scenario
        if let scenarioName, !config.scenarios.contains(where: { $0.name == scenarioName }) {
            CommandSupport.printError("switchboard: there is no scenario '\(scenarioName)'; scenarios are: \(config.scenarios.map(\.name).joined(separator: ", "))")
            throw ExitCode(2)
        }
        // A temporary state store: an evaluation writes nothing to the configured audit trail.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store: SQLiteStore
        let gateway: Gateway
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try SQLiteStore(path: directory.appendingPathComponent("eval.db").path)
            gateway = try await Gateway(config: config, store: store, logger: Logger(label: "switchboard.eval", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch {
            CommandSupport.printError("switchboard: the gateway could not start for the evaluation: \(error)")
            throw ExitCode(2)
        }
        let auditWriter = Task { await gateway.audit.run() }
        let feeds = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await gateway.finance.runQuoteFeed() }
                group.addTask { await gateway.finance.runKnowledgeReindex() }
            }
        }
        await gateway.pool.probeAll(logger: Logger(label: "switchboard.eval", factory: { _ in SwiftLogNoOpLogHandler() }))
        let key: String
        do {
            key = try await store.createKey(tenant: "eval", role: .app).secret
        } catch {
            CommandSupport.printError("switchboard: \(error.message)")
            throw ExitCode(1)
        }
        let startedAt = Date().formatted(.iso8601)
        let progress = ProgressLine(total: loaded.cases.count * `repeat`)
        let results = await EvalRunner(gateway: gateway, store: store, key: key).run(loaded, scenario: scenarioName, repeats: `repeat`) { done, total, name in
            progress.show(done, name)
        }
        progress.finish()
        feeds.cancel()
        auditWriter.cancel()
        await auditWriter.value
        await gateway.shutdown()

        let report = EvalReport(suite: loaded.name, scenario: scenarioName, repeats: `repeat`, startedAt: startedAt, cases: results)
        let comparison = earlier.map { EvalComparison(old: $0, new: report) }
        print(EvalTable.render(report, comparison: comparison))
        do {
            if let json { try write(report.json(), to: json) }
            if let html { try write(Data(EvalHTMLReport.render(report, comparison: comparison).utf8), to: html) }
        } catch {
            CommandSupport.printError("switchboard: cannot write the report: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let passed = require.map { report.summary.passRate >= $0 } ?? (report.summary.passRate == 1)
        if !passed || comparison?.isRegression == true { throw ExitCode(1) }
    }

    private func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}

/// The progress of a long run on standard error: a bar redrawn in place on a terminal, a line
/// per step otherwise (so CI logs show it too).
struct ProgressLine: Sendable {
    let total: Int
    let terminal = isatty(2) == 1

    func show(_ done: Int, _ name: String) {
        if terminal {
            let filled = total == 0 ? 0 : done * 30 / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
            CommandSupport.printError("\r[\(bar)] \(done)/\(total) \(name)\u{1B}[K", newline: false)
        } else {
            CommandSupport.printError("eval: \(done)/\(total) \(name)")
        }
    }

    func finish() {
        if terminal { CommandSupport.printError("") }
    }
}
