import Foundation
import Wire

/// What one run of one case produced, and whether it passed.
public struct EvalCaseRun: Sendable, Codable, Equatable {
    /// Whether every expectation held.
    public var passed: Bool
    /// Why it failed (empty when it passed).
    public var reasons: [String]
    /// The answer's text (or the error's message).
    public var answer: String
    /// Wall time of the exchange, in milliseconds.
    public var latencyMilliseconds: Double
    /// Tokens in and out.
    public var tokensIn: Int
    /// Tokens out.
    public var tokensOut: Int
    /// The plugins called, in order.
    public var tools: [String]
    /// Whether they were the expected ones (nil when the case expects none).
    public var toolsCorrect: Bool?
    /// Figures in the answer, and those grounded or derived.
    public var figures: Int
    /// Grounded or derived figures.
    public var grounded: Int
    /// Rules of the rails that hit.
    public var railHits: [String]
    /// The rails' verdict.
    public var verdict: String

    enum CodingKeys: String, CodingKey {
        case passed, reasons, answer, tools, figures, grounded, verdict
        case latencyMilliseconds = "latency_ms", tokensIn = "tokens_in", tokensOut = "tokens_out", toolsCorrect = "tools_correct", railHits = "rail_hits"
    }
}

/// A case's runs.
public struct EvalCaseResult: Sendable, Codable, Equatable {
    /// The case's name.
    public var name: String
    /// Its runs, in order.
    public var runs: [EvalCaseRun]

    /// Whether every run passed (the case passes^k).
    public var passedAll: Bool { runs.allSatisfy(\.passed) }
}

/// The figures of a whole evaluation.
public struct EvalSummary: Sendable, Codable, Equatable {
    /// Cases.
    public var cases: Int
    /// Runs (cases × repeats).
    public var runs: Int
    /// Runs passed over runs.
    public var passRate: Double
    /// Cases whose every run passed, over cases (pass^k for k repeats).
    public var passAllRate: Double
    /// Runs with the expected plugin calls, over runs that expect some (nil when none do).
    public var toolAccuracy: Double?
    /// Grounded or derived figures over all figures (1 when there were none).
    public var groundingRate: Double
    /// Rail hits over all runs.
    public var railViolations: Int
    /// Latency percentiles, milliseconds.
    public var latencyP50: Double
    /// 90th percentile.
    public var latencyP90: Double
    /// 99th percentile.
    public var latencyP99: Double
    /// Tokens in over all runs.
    public var tokensIn: Int
    /// Tokens out over all runs.
    public var tokensOut: Int

    enum CodingKeys: String, CodingKey {
        case cases, runs
        case passRate = "pass_rate", passAllRate = "pass_all_rate", toolAccuracy = "tool_accuracy", groundingRate = "grounding_rate"
        case railViolations = "rail_violations", latencyP50 = "latency_p50_ms", latencyP90 = "latency_p90_ms", latencyP99 = "latency_p99_ms"
        case tokensIn = "tokens_in", tokensOut = "tokens_out"
    }

    /// The summary of `results`.
    public init(_ results: [EvalCaseResult]) {
        let runs = results.flatMap(\.runs)
        cases = results.count
        self.runs = runs.count
        passRate = runs.isEmpty ? 0 : Double(runs.filter(\.passed).count) / Double(runs.count)
        passAllRate = results.isEmpty ? 0 : Double(results.filter(\.passedAll).count) / Double(results.count)
        let judged = runs.compactMap(\.toolsCorrect)
        toolAccuracy = judged.isEmpty ? nil : Double(judged.filter { $0 }.count) / Double(judged.count)
        let figures = runs.reduce(0) { $0 + $1.figures }
        groundingRate = figures == 0 ? 1 : Double(runs.reduce(0) { $0 + $1.grounded }) / Double(figures)
        railViolations = runs.reduce(0) { $0 + $1.railHits.count }
        let latencies = runs.map(\.latencyMilliseconds).sorted()
        latencyP50 = Self.percentile(latencies, 0.50)
        latencyP90 = Self.percentile(latencies, 0.90)
        latencyP99 = Self.percentile(latencies, 0.99)
        tokensIn = runs.reduce(0) { $0 + $1.tokensIn }
        tokensOut = runs.reduce(0) { $0 + $1.tokensOut }
    }

    /// The nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// A whole evaluation: the suite, how it ran, every case's runs and the summary. Written as
/// JSON (`--json`) and read back by `--compare`.
public struct EvalReport: Sendable, Codable, Equatable {
    /// The suite's name.
    public var suite: String
    /// The scenario the cases ran in.
    public var scenario: String?
    /// Runs per case.
    public var repeats: Int
    /// When it started (ISO 8601).
    public var startedAt: String
    /// The figures.
    public var summary: EvalSummary
    /// The cases.
    public var cases: [EvalCaseResult]

    enum CodingKeys: String, CodingKey {
        case suite, scenario, repeats, summary, cases
        case startedAt = "started_at"
    }

    /// Creates a report.
    public init(suite: String, scenario: String?, repeats: Int, startedAt: String, cases: [EvalCaseResult]) {
        self.suite = suite
        self.scenario = scenario
        self.repeats = repeats
        self.startedAt = startedAt
        self.cases = cases
        summary = EvalSummary(cases)
    }

    /// The report as pretty JSON.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Reads a report written by `--json`.
    public static func read(path: String) throws(EvalSuiteError) -> EvalReport {
        do {
            return try JSONDecoder().decode(EvalReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw EvalSuiteError("\(path): not a report written by switchboard eval --json (\(error.localizedDescription))")
        }
    }
}
