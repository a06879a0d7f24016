import Audit
import Backends
import Config
import NIOCore
import Testing
@testable import Gateway

@Suite("Metrics: labels carry configured names only")
struct GatewayMetricsTests {
    static func exchange(alias: String, resolved: Bool) -> Exchange {
        var exchange = Exchange(id: "req", operation: .chatCompletions, body: ByteBuffer(), authorization: nil, traceparent: nil, endUser: nil)
        exchange.request = ParsedRequest(alias: alias, modelValueRange: 0..<0, stream: false, includeUsage: false)
        if resolved { exchange.model = ModelConfig(alias: alias, targets: [ModelTarget(backend: "b")]) }
        exchange.status = resolved ? 200 : 404
        exchange.finishedAt = .now
        return exchange
    }

    static func toolCall(_ name: String, outcome: String) -> AuditToolCall {
        AuditToolCall(name: name, id: "call_1", step: 1, effect: "read", outcome: outcome, argumentsSHA256: "", resultSHA256: "", micros: 10, approval: nil)
    }

    @Test("a model name that matched no alias, or a tool the model made up, adds no series")
    func unknownNamesAddNoSeries() {
        let metrics = GatewayMetrics()
        let pool = BackendPool(configs: [])
        metrics.requestStarted()
        metrics.requestFinished(Self.exchange(alias: "fin-chat", resolved: true))
        metrics.toolCallsFinished([Self.toolCall("calculate", outcome: "ok")])
        let baseline = String(decoding: metrics.render(pool: pool, auditPending: 0), as: UTF8.self)
        for index in 0..<50 {
            metrics.requestStarted()
            metrics.requestFinished(Self.exchange(alias: "made-up-\(index)", resolved: false))
            metrics.toolCallsFinished([Self.toolCall("invented_tool_\(index)", outcome: "unknown_plugin")])
        }
        let text = String(decoding: metrics.render(pool: pool, auditPending: 0), as: UTF8.self)
        #expect(!text.contains("made-up-"))
        #expect(!text.contains("invented_tool_"))
        #expect(text.contains(#"plugin="unknown""#))
        #expect(text.contains(#"model="fin-chat""#))
        // The names that matched nothing share one series per metric: more of them add none.
        let seriesCount = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count }
        metrics.requestStarted()
        metrics.requestFinished(Self.exchange(alias: "made-up-again", resolved: false))
        metrics.toolCallsFinished([Self.toolCall("invented_again", outcome: "unknown_plugin")])
        let again = String(decoding: metrics.render(pool: pool, auditPending: 0), as: UTF8.self)
        #expect(seriesCount(again) == seriesCount(text))
        #expect(seriesCount(text) > seriesCount(baseline))
    }
}
