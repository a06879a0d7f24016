import Foundation

/// One labelled case of a recognizer corpus.
struct CorpusCase: Decodable {
    /// An expected or found entity: type and Unicode scalar offsets.
    struct Label: Decodable, Hashable {
        var type: String
        var start: Int
        var end: Int
    }

    var id: String
    var text: String
    var entities: [Label]

    /// Every case in a JSON-lines file.
    static func load(_ path: String) throws -> [CorpusCase] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(whereSeparator: \.isNewline).enumerated().map { index, line in
            do {
                return try decoder.decode(CorpusCase.self, from: Data(line.utf8))
            } catch {
                throw CorpusError(description: "\(path):\(index + 1): not a corpus case: \(error)")
            }
        }
    }
}

/// A corpus file that cannot be read.
struct CorpusError: Error, CustomStringConvertible {
    var description: String
}

/// Precision and recall per type: a found entity counts as correct only with the exact type and span.
struct CorpusScore {
    private var truePositives: [String: Int] = [:]
    private var falsePositives: [String: Int] = [:]
    private var falseNegatives: [String: Int] = [:]
    /// One line per mistake.
    private(set) var mistakes: [String] = []

    mutating func add(expected: [CorpusCase.Label], found: [CorpusCase.Label], caseID: String) {
        let expectedSet = Set(expected)
        let foundSet = Set(found)
        for label in foundSet.intersection(expectedSet) { truePositives[label.type, default: 0] += 1 }
        for label in foundSet.subtracting(expectedSet) {
            falsePositives[label.type, default: 0] += 1
            mistakes.append("\(caseID): unexpected \(label.type) at \(label.start)..<\(label.end)")
        }
        for label in expectedSet.subtracting(foundSet) {
            falseNegatives[label.type, default: 0] += 1
            mistakes.append("\(caseID): missed \(label.type) at \(label.start)..<\(label.end)")
        }
    }

    func precision(of type: String) -> Double {
        let hits = truePositives[type, default: 0]
        let total = hits + falsePositives[type, default: 0]
        return total == 0 ? 1 : Double(hits) / Double(total)
    }

    func recall(of type: String) -> Double {
        let hits = truePositives[type, default: 0]
        let total = hits + falseNegatives[type, default: 0]
        return total == 0 ? 1 : Double(hits) / Double(total)
    }

    /// The table printed by `switchboard inspect --corpus`.
    func table(caseCount: Int) -> String {
        let types = Set(truePositives.keys).union(falsePositives.keys).union(falseNegatives.keys).sorted()
        var lines = ["\(caseCount) cases", "type                  expected  found  correct  precision  recall"]
        for type in types {
            let correct = truePositives[type, default: 0]
            let expected = correct + falseNegatives[type, default: 0]
            let found = correct + falsePositives[type, default: 0]
            lines.append(
                type.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "%8d %6d %8d %10.3f %7.3f", expected, found, correct, precision(of: type), recall(of: type)))
        }
        return lines.joined(separator: "\n")
    }
}
