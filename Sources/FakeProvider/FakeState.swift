import Foundation

/// A request as the fake received it, for tests to inspect.
struct RecordedRequest: Sendable {
    var path: String
    var headers: [String: String]
    var body: Data
}

/// The fake provider's mutable state: the script, rule usage, received requests and counters.
actor FakeState {
    private(set) var script: FakeScript
    private var ruleUses: [Int: Int] = [:]
    private(set) var requests: [RecordedRequest] = []
    private(set) var received = 0
    private(set) var completed = 0
    private(set) var cancelled = 0

    init(script: FakeScript) {
        self.script = script
    }

    func replaceScript(_ script: FakeScript) {
        self.script = script
        ruleUses = [:]
    }

    func record(_ request: RecordedRequest) {
        received += 1
        requests.append(request)
        if requests.count > 1000 { requests.removeFirst(requests.count - 1000) }
    }

    func clearRequests() {
        requests = []
        received = 0
        completed = 0
        cancelled = 0
    }

    func noteCompleted() { completed += 1 }
    func noteCancelled() { cancelled += 1 }

    /// The first rule that matches `text` (and, for chat, whether the last message is a tool
    /// result) and has uses left; consumes one use.
    func rule(for text: String, afterToolResult: Bool = false) -> FakeRule? {
        for (index, rule) in script.rules.enumerated() {
            if let match = rule.match, !text.contains(match) { continue }
            if let when = rule.when, (when == "tool_result") != afterToolResult { continue }
            if let times = rule.times, ruleUses[index, default: 0] >= times { continue }
            ruleUses[index, default: 0] += 1
            return rule
        }
        return nil
    }
}
