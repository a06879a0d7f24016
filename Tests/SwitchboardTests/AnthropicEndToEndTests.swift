import Foundation
import Testing

/// End to end: an OpenAI client talking to an Anthropic backend through the gateway.
@Suite("Anthropic backends")
struct AnthropicEndToEndTests {
    static func gateway(for fake: FakeProviderProcess) async throws -> GatewayProcess {
        try await GatewayProcess(
            yaml: gatewayYAML(
                backends: [#"{ name: claude, kind: anthropic, url: "\#(fake.baseURL)", zone: public, api_key: "${ANTHROPIC_KEY}", model: "claude-sonnet-4-5" }"#],
                models: ["{ alias: claude-chat, targets: [claude] }"]),
            environment: ["ANTHROPIC_KEY": "sk-ant-test"])
    }

    static let tools = #""tools":[{"type":"function","function":{"name":"get_quote","description":"最新行情","parameters":{"type":"object","properties":{"code":{"type":"string"}}}}}]"#

    @Test("a JSON chat is translated to the Messages API and back")
    func jsonChat() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let response = try await gateway.post(body: #"{"model":"claude-chat","max_tokens":256,"messages":[{"role":"system","content":"你是投顾助手"},{"role":"user","content":"介绍一下招商银行"}]}"#)
        #expect(response.status == 200)
        #expect(response.json["model"] as? String == "claude-chat")
        #expect(response.json["object"] as? String == "chat.completion")
        let message = (response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
        #expect(message?["content"] as? String == "You said: 介绍一下招商银行")
        let request = try #require(try await fake.requests().last)
        #expect(request["path"] as? String == "/v1/messages")
        let headers = request["headers"] as? [String: String]
        #expect(headers?["x-api-key"] == "sk-ant-test")
        #expect(headers?["anthropic-version"] == "2023-06-01")
        let body = request["body"] as? [String: Any]
        #expect(body?["model"] as? String == "claude-sonnet-4-5")
        #expect(body?["system"] as? String == "你是投顾助手")
        #expect(body?["max_tokens"] as? Int == 256)
    }

    @Test("tool use comes back as OpenAI tool_calls, streamed and not")
    func toolUse() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"tool_calls":[{"id":"toolu_01","name":"get_quote","arguments":"{\"code\":\"600036\"}"}]}}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let plain = try await gateway.post(body: #"{"model":"claude-chat","messages":[{"role":"user","content":"招行现价？"}],\#(Self.tools)}"#)
        #expect(plain.status == 200)
        let choice = (plain.json["choices"] as? [[String: Any]])?.first
        #expect(choice?["finish_reason"] as? String == "tool_calls")
        let call = ((choice?["message"] as? [String: Any])?["tool_calls"] as? [[String: Any]])?.first
        #expect(call?["id"] as? String == "toolu_01")
        let function = call?["function"] as? [String: Any]
        #expect(function?["name"] as? String == "get_quote")
        #expect((function?["arguments"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] } == ["code": "600036"])
        let sentTools = (try await fake.requests().last?["body"] as? [String: Any])?["tools"] as? [[String: Any]]
        #expect(sentTools?.first?["name"] as? String == "get_quote")
        #expect(sentTools?.first?["input_schema"] != nil)

        let streamed = try await gateway.post(body: #"{"model":"claude-chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"招行现价？"}],\#(Self.tools)}"#)
        #expect(streamed.status == 200)
        #expect(streamed.events.last == "[DONE]")
        let chunks = streamed.events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let arguments = chunks.compactMap { chunk -> String? in
            let delta = (chunk["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            return ((delta?["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])?["arguments"] as? String
        }.joined()
        #expect(arguments == #"{"code":"600036"}"#)
        #expect(chunks.allSatisfy { $0["model"] as? String == "claude-chat" })
        #expect(chunks.last?["usage"] as? [String: Any] != nil)
    }

    @Test("an Anthropic error becomes an OpenAI-shaped error with the backend's message")
    func errors() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"status","status":400,"error_message":"messages: roles must alternate"}]}"#)
        defer { fake.stop() }
        let gateway = try await Self.gateway(for: fake)
        defer { gateway.stop() }

        let response = try await gateway.post(body: #"{"model":"claude-chat","messages":[{"role":"user","content":"hi"}]}"#)
        #expect(response.status == 400)
        #expect(response.errorMessage?.contains("roles must alternate") == true)
        let embeddings = try await gateway.post("/v1/embeddings", body: #"{"model":"claude-chat","input":"茅台"}"#)
        #expect(embeddings.status == 400)
        #expect(embeddings.errorCode == "unsupported_by_backend")
    }
}
