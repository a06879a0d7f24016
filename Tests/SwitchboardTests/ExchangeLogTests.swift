import Foundation
import Gateway
import NIOCore
import Testing
import Wire

/// The `exchange` log line, written through Switchboard's own JSON handler by an in-process
/// gateway and read back as the log collector would.
@Suite("Exchange log line")
struct ExchangeLogTests {
    /// The members of one line, in the order they were written.
    private static func members(_ line: String) throws -> [(key: String, value: JSONValue)] {
        let bytes = Array(line.utf8)
        let scan = try bytes.withBytes { raw throws(JSONSyntaxError) in try JSONObjectScanner.scanDocument(raw) }
        let object = try JSONValue.parse(line)
        return scan.members.map { ($0.key, object[$0.key] ?? .null) }
    }

    private static func exchangeLines(_ log: CapturedLog, count: Int) async throws -> [String] {
        try await log.texts { lines in lines.filter { $0.contains(#""msg":"exchange""#) }.count >= count }
            .filter { $0.contains(#""msg":"exchange""#) }
    }

    @Test("an answered exchange: every field, as strings, keys in order after ts, level, logger and msg")
    func answered() async throws {
        let log = try CapturedLog()
        defer { log.close() }
        let harness = try await InProcessGateway.start(
            yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([.text("你好，这是答复。")]), logger: log.logger)
        let reply = await harness.chat(chatBody("介绍一下贵州茅台"))
        await harness.stop()
        #expect(reply.status == 200)

        let lines = try await Self.exchangeLines(log, count: 1)
        let line = try #require(lines.first)
        let members = try Self.members(line)
        let keys = members.map(\.key)
        #expect(Array(keys.prefix(4)) == ["ts", "level", "logger", "msg"])
        #expect(Array(keys.dropFirst(4)) == [
            "attempts", "backend", "first_byte_ms", "gateway_ms", "key_id", "latency_ms", "model", "operation", "request_id", "status",
            "stream", "tenant", "tokens_in", "tokens_out", "upstream_ms", "zone",
        ])
        let fields = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
        #expect(fields["attempts"] == .array([.string("in-house:ok")]))
        #expect(fields["backend"] == .string("in-house"))
        #expect(fields["zone"] == .string("private"))
        #expect(fields["model"] == .string("fin-chat"))
        #expect(fields["operation"] == .string("chat/completions"))
        #expect(fields["status"] == .string("200"))
        #expect(fields["stream"] == .string("false"))
        #expect(fields["tenant"] == .string("acme"))
        #expect(fields["tokens_in"] == .string("11"))
        #expect(fields["tokens_out"] == .string("7"))
        #expect(fields["request_id"]?.stringValue?.hasPrefix("req-") == true)
        #expect(fields["key_id"]?.stringValue?.hasPrefix("key_") == true)
        for key in ["first_byte_ms", "gateway_ms", "latency_ms", "upstream_ms"] {
            let value = try #require(fields[key]?.stringValue, "\(key)")
            #expect(value.wholeMatch(of: #/[0-9]+\.[0-9]{3}/#) != nil, "\(key) = \(value)")
        }
    }

    @Test("a refused exchange: its status and error code, and no backend, model or usage")
    func refused() async throws {
        let log = try CapturedLog()
        defer { log.close() }
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]), logger: log.logger)
        let exchange = Exchange(
            id: "req-refused", operation: .chatCompletions, body: ByteBuffer(string: chatBody("你好")), authorization: "Bearer sk-sb-not-a-key",
            traceparent: nil, endUser: nil)
        harness.gateway.metrics.requestStarted()
        guard case .error(let error) = await harness.gateway.answer(exchange) else {
            Issue.record("a wrong key was answered")
            return
        }
        await harness.stop()
        #expect(error.status == 401)

        let line = try #require(try await Self.exchangeLines(log, count: 1).first)
        let members = try Self.members(line)
        #expect(members.dropFirst(4).map(\.key) == ["error_code", "gateway_ms", "latency_ms", "operation", "request_id", "status", "upstream_ms"])
        let fields = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
        #expect(fields["error_code"] == .string("invalid_api_key"))
        #expect(fields["status"] == .string("401"))
        #expect(fields["request_id"] == .string("req-refused"))
    }

    @Test("fields encoded ahead of time read as one JSON object to any other handler, and escape their values")
    func encodedFields() throws {
        var fields = JSONLogFields()
        #expect(fields.description == "{}")
        fields.add("a", "引号\" 和 \\ 与换行\n")
        fields.add("b", ["x", "y"])
        fields.add("c", millisecondsOf: 12_345)
        let parsed = try JSONValue.parse(fields.description)
        #expect(parsed["a"] == .string("引号\" 和 \\ 与换行\n"))
        #expect(parsed["b"] == .array([.string("x"), .string("y")]))
        #expect(parsed["c"] == .string("12.345"))
    }
}
