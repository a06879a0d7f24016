import ArgumentParser
import Config
import Foundation
import Gateway
import Privacy
import Wire

/// `switchboard inspect`: scans text from standard input and prints the level and entities as
/// JSON; with `--corpus`, measures precision and recall per type on a labelled corpus.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find sensitive values in text read from standard input, or score the recognizers on a labelled corpus.",
        subcommands: [InspectText.self, ScanBenchmark.self], defaultSubcommand: InspectText.self)
}

/// `switchboard inspect [text]`: the default subcommand.
struct InspectText: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Print the level and the entities found in standard input as JSON, or score a labelled corpus with --corpus.")

    @OptionGroup var options: ConfigOption

    @Option(help: "A labelled corpus (JSON lines: text, entities with type/start/end) to score instead of reading stdin.")
    var corpus: String?

    @Option(help: "With --corpus: exit 1 unless precision and recall reach this for every validated type.")
    var require: Double?

    @Option(help: "The day to judge date-bound values against (YYYY-MM-DD, China time), instead of today: a corpus labelled on one day scores the same on every later one.")
    var today: String?

    func run() async throws {
        let config = CommandSupport.loadConfig(options.config)
        let clock: @Sendable () -> Date
        if let today {
            guard let day = Self.chinaNoon(today) else {
                CommandSupport.printError("switchboard: --today must be a date as YYYY-MM-DD, found '\(today)'")
                throw ExitCode(2)
            }
            clock = { day }
        } else {
            clock = { Date() }
        }
        let scanner: PrivacyScanner
        do {
            scanner = try PrivacyScannerLoader.load(config.privacy, clock: clock)
        } catch {
            CommandSupport.printError("switchboard: \(error.description)")
            throw ExitCode(2)
        }
        if let corpus {
            try score(corpus: corpus, scanner: scanner)
            return
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: input, as: UTF8.self)
        let result = scanner.scan(text)
        var output = "{\"level\":\(result.level.rawValue),\"entities\":["
        output += result.entities.map { entity in
            "{\"type\":\(json(entity.type.rawValue)),\"start\":\(entity.start),\"end\":\(entity.end),\"text\":\(json(entity.text)),\"confidence\":\(entity.confidence)}"
        }.joined(separator: ",")
        output += "],\"keywords\":["
        output += result.keywords.map { keyword in
            "{\"category\":\(json(keyword.category)),\"level\":\(keyword.level.rawValue),\"start\":\(keyword.start),\"end\":\(keyword.end),\"text\":\(json(keyword.text))}"
        }.joined(separator: ",")
        output += "]}"
        print(output)
    }

    private func json(_ text: String) -> String {
        JSONStringLiteral.string(text)
    }

    /// Noon of `text` (YYYY-MM-DD) in China time, or nil when it is no real date.
    static func chinaNoon(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let components = DateComponents(year: year, month: month, day: day, hour: 12)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    private func score(corpus path: String, scanner: PrivacyScanner) throws {
        let cases: [CorpusCase]
        do {
            cases = try CorpusCase.load(path)
        } catch {
            CommandSupport.printError("switchboard: \(error)")
            throw ExitCode(2)
        }
        var score = CorpusScore()
        for item in cases {
            let found = scanner.scan(item.text).entities.map { CorpusCase.Label(type: $0.type.rawValue, start: $0.start, end: $0.end) }
            score.add(expected: item.entities, found: found, caseID: item.id)
        }
        print(score.table(caseCount: cases.count))
        for miss in score.mistakes.prefix(40) { print("  \(miss)") }
        if let require {
            let validated = ["cn_id_card", "bank_card", "cn_uscc", "iban"]
            let failing = validated.filter { score.precision(of: $0) < require || score.recall(of: $0) < require }
            if !failing.isEmpty {
                CommandSupport.printError("switchboard: below \(require) for: \(failing.joined(separator: ", "))")
                throw ExitCode(1)
            }
        }
    }
}
