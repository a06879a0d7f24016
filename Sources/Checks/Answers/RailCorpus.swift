import Wire

/// A labelled set of answers for the rails (`tests/rails-corpus/cases.jsonl`): each case names
/// the categories that must hit, and the score is precision and recall per category.
public struct RailCorpus: Sendable {
    /// One labelled answer.
    public struct Case: Sendable {
        /// The case's id.
        public var id: String
        /// The scenario whose checks apply; nil for the shipped defaults.
        public var scenario: String?
        /// The answer.
        public var answer: String
        /// The categories that must hit.
        public var hits: Set<String>
    }

    /// A category's counts.
    public struct Score: Sendable, Equatable {
        /// Cases where it hit and was labelled.
        public var truePositives = 0
        /// Cases where it hit and was not labelled.
        public var falsePositives = 0
        /// Cases labelled where it did not hit.
        public var falseNegatives = 0

        /// No cases yet.
        public init() {}

        /// Of the hits, those labelled (1 when there were none).
        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }

        /// Of the labelled, those hit (1 when there were none).
        public var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
    }

    /// A case whose hits were not its labels.
    public struct Miss: Sendable {
        /// The case.
        public var labelled: Case
        /// The categories that hit.
        public var found: Set<String>
    }

    /// The cases.
    public var cases: [Case]

    /// Reads JSON Lines; throws the line number and what is wrong with it.
    public init(jsonLines text: String) throws(RailCorpusError) {
        var cases: [Case] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let value = try? JSONValue.parse(String(line)), let answer = value["answer"]?.stringValue,
                let hits = value["hits"]?.arrayValue?.compactMap(\.stringValue)
            else {
                throw RailCorpusError(line: number + 1, message: "expected {\"id\", \"scenario\", \"answer\", \"hits\": [...]}")
            }
            cases.append(Case(id: value["id"]?.stringValue ?? "line \(number + 1)", scenario: value["scenario"]?.stringValue, answer: answer, hits: Set(hits)))
        }
        self.cases = cases
    }

    /// Checks every case with the checks of its scenario (`checks(nil)` for the defaults) and
    /// counts per category; returns the scores and the cases that missed.
    public func score(_ checks: (String?) -> AnswerChecks?) -> (scores: [String: Score], misses: [Miss], unknownScenarios: Set<String>) {
        var scores: [String: Score] = [:]
        var misses: [Miss] = []
        var unknown: Set<String> = []
        for item in cases {
            guard let checker = checks(item.scenario) else {
                unknown.insert(item.scenario ?? "")
                continue
            }
            let found = Set(checker.rails.check(item.answer).hits.map(\.category))
            for category in found.union(item.hits) {
                switch (found.contains(category), item.hits.contains(category)) {
                case (true, true): scores[category, default: Score()].truePositives += 1
                case (true, false): scores[category, default: Score()].falsePositives += 1
                case (false, true): scores[category, default: Score()].falseNegatives += 1
                case (false, false): break
                }
            }
            if found != item.hits { misses.append(Miss(labelled: item, found: found)) }
        }
        return (scores, misses, unknown)
    }
}

/// A corpus line that cannot be read.
public struct RailCorpusError: Error, Sendable, CustomStringConvertible {
    /// The line's number (from 1).
    public var line: Int
    /// What is wrong.
    public var message: String

    public var description: String { "line \(line): \(message)" }
}
