import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// End to end: streamed answers relayed chunk by chunk, and what happens when streams break.
@Suite("Streaming")
struct GatewayStreamingTests {
    static func streamBody(_ text: String, usage: Bool = true) -> String {
        #"{"model":"fin-chat","stream":true,"stream_options":{"include_usage":\#(usage)},"messages":[{"role":"user","content":"\#(text)"}]}"#
    }

    static func gateway(for fake: FakeProviderProcess, timeouts: String = "") async throws -> GatewayProcess {
        try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private\#(timeouts) }"#],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 1 }"]))
    }

    @Test("chunks arrive with the alias as model, Chinese intact, and usage in the final chunk")
    func streamedChat() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"chunks":6,"reply":{"content":"贵州茅台的代码是600519。"}}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.streamBody("茅台代码？"))
        #expect(response.status == 200)
        #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
        #expect(response.headers.first(name: "x-switchboard-hold-head") == nil, "the coalescer's field stays in the gateway")
        let events = response.events
        #expect(events.last == "[DONE]")
        let chunks = events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(chunks.count == events.count - 1)
        #expect(chunks.allSatisfy { $0["model"] as? String == "fin-chat" })
        let text = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }.joined()
        #expect(text == "贵州茅台的代码是600519。")
        let usage = chunks.last?["usage"] as? [String: Any]
        #expect(usage?["completion_tokens"] as? Int != nil)
        #expect(try await eventually { gateway.process.log.contains(#""tokens_out":""#) })
    }

    @Test("a stream sent without include_usage still has its tokens counted, and the app gets no usage chunk; stream_usage: false leaves the request alone")
    func usageCountedWithoutAsking() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"chunks":4,"reply":{"content":"今天沪深300上涨0.8%。"}}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [
                #"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#,
                #"{ name: legacy, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, stream_usage: false }"#,
            ],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 1 }", "{ alias: legacy-chat, targets: [legacy], max_attempts: 1 }"]))
        defer { gateway.stop() }

        let plain = #"{"model":"fin-chat","stream":true,"stream_options":{},"messages":[{"role":"user","content":"行情？"}]}"#
        let response = try await gateway.post(body: plain)
        #expect(response.status == 200)
        let chunks = response.events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(!chunks.isEmpty)
        #expect(chunks.allSatisfy { ($0["choices"] as? [Any])?.isEmpty == false }, "no usage-only chunk reaches an app that did not ask")
        let sent = try await fake.requests()
        #expect(((sent.last?["body"] as? [String: Any])?["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true, "the backend was asked for usage")

        let auditor = try gateway.createKey(tenant: "regulator", role: "auditor")
        var records: [[String: Any]] = []
        #expect(try await eventually {
            let listing = try await HTTP.send("GET", gateway.baseURL + "/admin/audit?limit=10", headers: [("authorization", "Bearer \(auditor)")])
            records = (listing.json["data"] as? [[String: Any]] ?? []).compactMap { $0["record"] as? [String: Any] }
            return !records.isEmpty
        })
        #expect((records.first?["tokens_out"] as? Int ?? 0) > 0, "the audit record has the exchange's tokens")

        // A backend configured with stream_usage: false gets the request as the app sent it.
        let legacy = #"{"model":"legacy-chat","stream":true,"messages":[{"role":"user","content":"行情？"}]}"#
        #expect(try await gateway.post(body: legacy).status == 200)
        #expect((try await fake.requests().last?["body"] as? [String: Any])?["stream_options"] == nil)
    }

    @Test("when the app goes away mid-stream the upstream request is cancelled")
    func clientDisconnectCancelsUpstream() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"chunks":40,"chunk_delay_ms":100,"reply":{"content":"这是一段很长的回答，会分成很多块慢慢发送给客户端，以便测试取消。"}}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let reader = Task {
            var request = HTTPClientRequest(url: gateway.baseURL + "/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "authorization", value: "Bearer \(gateway.appKey)")
            request.body = .bytes(ByteBuffer(string: Self.streamBody("长回答")))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            var iterator = response.body.makeAsyncIterator()
            _ = try await iterator.next()
            return Int(response.status.code)
        }
        #expect(try await reader.value == 200)
        // The client's response body is dropped unfinished: AsyncHTTPClient closes the connection.
        #expect(try await eventually(timeout: .seconds(10)) { try await fake.stats()["cancelled"] == 1 })
        #expect(try await fake.stats()["completed"] == 0)
        #expect(try await eventually { gateway.process.log.contains(#""error_code":"client_closed_request""#) })
    }

    @Test("a stream that falls silent past timeouts.idle ends with an OpenAI error event")
    func idleTimeout() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"stall","fault_after_chunks":2,"chunks":5}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake, timeouts: ", timeouts: { idle: 300ms }")
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.streamBody("hello"))
        #expect(response.status == 200)
        let last = try #require(response.events.last)
        #expect(last.contains(#""code":"upstream_timeout""#))
        #expect(last.contains("timeouts.idle"))
    }

    @Test("a stream that breaks mid-way ends with an OpenAI error event naming why", arguments: [
        ("cut", "upstream_disconnected"), ("malformed", "upstream_malformed"),
    ])
    func brokenStream(fault: String, code: String) async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"\#(fault)","fault_after_chunks":2,"chunks":5}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.streamBody("hello"))
        #expect(response.status == 200)
        #expect(response.events.last?.contains(#""code":"\#(code)""#) == true)
    }

    @Test("a stream whose backend fails before the first byte gets a real HTTP error status")
    func failureBeforeFirstByte() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"status","status":500,"error_message":"模型服务内部错误"}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.streamBody("hello"))
        #expect(response.status == 502)
        #expect(response.errorMessage?.contains("模型服务内部错误") == true)
    }
}
