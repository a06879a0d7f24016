import ArgumentParser
import Checks
import Config
import Finance
import Foundation
import Wire

/// `switchboard check`: the quality checks on one answer, its scores on a labelled corpus, and
/// their benchmark.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check an answer's figures against evidence and its wording against the compliance rails.",
        subcommands: [CheckAnswer.self, CheckScore.self, CheckBenchmark.self], defaultSubcommand: CheckAnswer.self)

    /// The names a call may name a security by: the configured securities master's.
    static func securityNames(_ config: SwitchboardConfig) -> [String] {
        do {
            return try FinanceServices.securitiesMaster(config.plugins).all.map(\.name)
        } catch {
            CommandSupport.printError("switchboard: \(error.message)")
            Foundation.exit(2)
        }
    }
}

/// `switchboard check [--scenario NAME]`: reads `{"answer", "evidence": [...]}` on stdin and
/// prints the report.
struct CheckAnswer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Read {\"answer\": \"…\", \"evidence\": [\"…\", …]} as JSON on stdin; print the grounding and rails report as JSON.")

    @OptionGroup var options: ConfigOption

    @Option(help: "The scenario whose checks apply (default: the top-level checks, i.e. the shipped rule sets).")
    var scenario: String?

    /// The largest input read: an answer and its evidence.
    static let maximumInputBytes = 16 << 20

    func run() async throws {
        let config = CommandSupport.loadConfig(options.config)
        guard let checks = AnswerChecks(scenario: scenario, in: config, securityNames: CheckCommand.securityNames(config)) else {
            CommandSupport.printError("switchboard: there is no scenario '\(scenario ?? "")'; scenarios are: \(config.scenarios.map(\.name).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let input: Data
        do {
            input = try FileHandle.standardInput.read(upToCount: Self.maximumInputBytes + 1) ?? Data()
        } catch {
            CommandSupport.printError("switchboard: standard input cannot be read: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        guard input.count <= Self.maximumInputBytes else {
            CommandSupport.printError("switchboard: standard input is larger than \(Self.maximumInputBytes >> 20) MiB; check one answer at a time")
            throw ExitCode(2)
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(input))
        } catch {
            CommandSupport.printError("switchboard: standard input is not JSON (\(error)); give {\"answer\": \"…\", \"evidence\": [\"…\"]}")
            throw ExitCode(2)
        }
        guard let answer = value["answer"]?.stringValue else {
            CommandSupport.printError("switchboard: the input needs \"answer\" as a string, e.g. {\"answer\": \"…\", \"evidence\": [\"…\"]}")
            throw ExitCode(2)
        }
        var evidence = GroundingEvidence()
        for (index, item) in (value["evidence"]?.arrayValue ?? []).enumerated() {
            switch item {
            case .string(let text): evidence.addItem(text, index: index)
            case .object, .array: evidence.addItem(item.encodedString, index: index)
            default:
                CommandSupport.printError("switchboard: evidence[\(index)] must be a string or a JSON object")
                throw ExitCode(2)
            }
        }
        print(checks.check(answer, evidence: evidence).json.encodedString)
    }
}

/// `switchboard check score`: precision and recall of the rails on a labelled corpus.
struct CheckScore: AsyncParsableCommand {
    /// One line of the score table.
    static func row(_ category: String, _ labelled: Int, _ found: Int, _ score: RailCorpus.Score) -> String {
        category.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: " %9d %6d %10.3f %7.3f", labelled, found, score.precision, score.recall)
    }

    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score the rails on a labelled corpus (JSON Lines): precision and recall per category.")

    @OptionGroup var options: ConfigOption

    @Option(help: "The corpus (JSON Lines of {id, scenario, answer, hits}).")
    var corpus: String

    @Option(help: "Exit 1 unless every category's precision and recall reach this.")
    var require: Double?

    @Flag(help: "List every case whose hits differ from its labels.")
    var misses = false

    func run() async throws {
        let config = CommandSupport.loadConfig(options.config)
        let names = CheckCommand.securityNames(config)
        let text: String
        do {
            text = try String(contentsOfFile: corpus, encoding: .utf8)
        } catch {
            CommandSupport.printError("switchboard: cannot read '\(corpus)': \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let cases: RailCorpus
        do {
            cases = try RailCorpus(jsonLines: text)
        } catch {
            CommandSupport.printError("switchboard: \(corpus): \(error)")
            throw ExitCode(2)
        }
        var compiled: [String: AnswerChecks] = [:]
        let result = cases.score { scenario in
            let key = scenario ?? ""
            if let done = compiled[key] { return done }
            let made = AnswerChecks(scenario: scenario, in: config, securityNames: names)
            compiled[key] = made
            return made
        }
        if !result.unknownScenarios.isEmpty {
            CommandSupport.printError("switchboard: the corpus names scenarios the configuration lacks: \(result.unknownScenarios.sorted().joined(separator: ", "))")
            throw ExitCode(2)
        }
        print("\(cases.cases.count) cases, \(cases.cases.filter { !$0.hits.isEmpty }.count) with hits")
        print("category                      labelled  found  precision  recall")
        var failed = false
        for (category, score) in result.scores.sorted(by: { $0.key < $1.key }) {
            let labelled = score.truePositives + score.falseNegatives
            let found = score.truePositives + score.falsePositives
            print(Self.row(category, labelled, found, score))
            if let require, score.precision < require || score.recall < require { failed = true }
        }
        let total = result.scores.values.reduce(into: RailCorpus.Score()) {
            $0.truePositives += $1.truePositives
            $0.falsePositives += $1.falsePositives
            $0.falseNegatives += $1.falseNegatives
        }
        print(Self.row("all", total.truePositives + total.falseNegatives, total.truePositives + total.falsePositives, total))
        if misses {
            for miss in result.misses {
                print("  \(miss.labelled.id): labelled [\(miss.labelled.hits.sorted().joined(separator: ", "))], found [\(miss.found.sorted().joined(separator: ", "))]: \(miss.labelled.answer)")
            }
        }
        if failed {
            CommandSupport.printError("switchboard: a category is below \(require!) in precision or recall")
            throw ExitCode(1)
        }
    }
}
