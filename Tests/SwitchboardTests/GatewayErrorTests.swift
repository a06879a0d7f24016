import Foundation
import Testing

/// End to end: every error the API promises, with its status and OpenAI-shaped body, and a
/// server that keeps serving afterwards.
@Suite("Errors")
struct GatewayErrorTests {
    static let chat = #"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}]}"#

    @Test("bad keys, roles, models, JSON, fields, sizes and routes each get their status; the server keeps serving")
    func everyError() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"reject me","fault":"status","status":400,"error_message":"max_tokens is too large"}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu] }", "{ alias: vip-chat, targets: [gpu], tenants: [vip] }"],
            extraServer: "  max_body_bytes: 2KiB"))
        defer { gateway.stop() }

        func expectError(_ response: HTTP.Response, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(response.status == status, "body: \(response.body)", sourceLocation: sourceLocation)
            #expect(response.errorCode == code, "body: \(response.body)", sourceLocation: sourceLocation)
            let error = response.json["error"] as? [String: Any]
            #expect(error?["message"] as? String != nil, sourceLocation: sourceLocation)
            #expect(error?["type"] as? String != nil, sourceLocation: sourceLocation)
            #expect(error?.keys.contains("param") == true, sourceLocation: sourceLocation)
            #expect(response.headers.first(name: "content-type") == "application/json", sourceLocation: sourceLocation)
        }

        let noKey = try await HTTP.send("POST", gateway.baseURL + "/v1/chat/completions", body: Self.chat)
        expectError(noKey, 401, "invalid_api_key")
        expectError(try await gateway.post(body: Self.chat, key: "sk-sb-wrongwrongwrongwrong"), 401, "invalid_api_key")

        let auditor = try gateway.createKey(tenant: "acme", role: "auditor")
        expectError(try await gateway.post(body: Self.chat, key: auditor), 403, "permission_denied")

        expectError(try await gateway.post(body: #"{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}"#), 404, "model_not_found")
        expectError(try await gateway.post(body: #"{"model":"vip-chat","messages":[{"role":"user","content":"x"}]}"#), 404, "model_not_found")

        let malformed = try await gateway.post(body: "{\"model\": \"fin-chat\",\n \"messages\": [}")
        expectError(malformed, 400, "invalid_json")
        #expect(malformed.errorMessage?.contains("line 2, column") == true)
        expectError(try await gateway.post(body: #"{"model":"fin-chat"}"#), 400, "missing_required_parameter")
        expectError(try await gateway.post(body: #"{"model":42,"messages":[]}"#), 400, "invalid_type")
        expectError(try await gateway.post(body: #"{"model":"fin-chat","messages":[],"stream":false}"#), 400, "invalid_value")
        expectError(try await gateway.post(body: #"{"model":"fin-chat","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#), 400, "invalid_type")
        expectError(try await gateway.post(body: "[1,2,3]"), 400, "invalid_json")
        expectError(try await gateway.post(body: ""), 400, "invalid_json")

        let huge = #"{"model":"fin-chat","messages":[{"role":"user","content":""# + String(repeating: "大", count: 4000) + #""}]}"#
        expectError(try await gateway.post(body: huge), 413, "request_too_large")

        let upstreamRejected = try await gateway.post(body: #"{"model":"fin-chat","messages":[{"role":"user","content":"reject me"}]}"#)
        expectError(upstreamRejected, 400, "fake_400")
        #expect(upstreamRejected.errorMessage?.contains("max_tokens is too large") == true)

        let unknownRoute = try await HTTP.send("GET", gateway.baseURL + "/v1/nothing-here")
        expectError(unknownRoute, 404, "not_found")

        // After all that, an ordinary request still works and the process is alive.
        let ok = try await gateway.post(body: Self.chat)
        #expect(ok.status == 200)
        #expect(ok.headers.first(name: "x-request-id")?.hasPrefix("req_") == true)
        #expect(gateway.process.isRunning)
    }

    @Test("all targets failing with 5xx gives 502 with the backend's message; timeouts give 504")
    func upstreamFailures() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"slow","fault":"stall"},{"fault":"status","status":503,"error_message":"推理服务过载"}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, timeouts: { total: 500ms }, circuit_breaker: { failures: 100 } }"#],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 2 }"]))
        defer { gateway.stop() }

        let failed = try await gateway.post(body: Self.chat)
        #expect(failed.status == 502)
        #expect(failed.errorCode == "upstream_error")
        #expect(failed.errorMessage?.contains("推理服务过载") == true)

        let slow = try await gateway.post(body: #"{"model":"fin-chat","messages":[{"role":"user","content":"slow"}]}"#)
        #expect(slow.status == 504)
        #expect(slow.errorCode == "upstream_timeout")
    }

    @Test("the request id reaches the backend, the trace continues with a span per stage, and the API key stays behind")
    func forwardedHeaders() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await GatewayProcess(
            yaml: gatewayYAML(
                backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, api_key: "backend-secret" }"#],
                models: ["{ alias: fin-chat, targets: [gpu] }"]),
            environment: ["LOG_LEVEL": "debug"])
        defer { gateway.stop() }

        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let response = try await gateway.post(body: Self.chat, headers: [("x-request-id", "order-123"), ("traceparent", traceparent)])
        #expect(response.status == 200)
        #expect(response.headers.first(name: "x-request-id") == "order-123")
        let headers = try await fake.requests().last?["headers"] as? [String: String]
        #expect(headers?["x-request-id"] == "order-123")
        // Same trace, but the backend's parent is the gateway's own (HTTP client) span, not the app's span.
        let forwarded = try #require(headers?["traceparent"])
        #expect(forwarded.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
        #expect(forwarded != traceparent)
        let upstreamParentID = forwarded.split(separator: "-")[2]
        for stage in ["pipeline", "authenticate", "parse", "resolve", "dispatch"] {
            #expect(try await eventually {
                gateway.process.log.split(separator: "\n").contains { line in
                    line.contains(#""msg":"span""#) && line.contains(#""name":"\#(stage)""#) && line.contains(#""trace_id":"4bf92f3577b34da6a3ce929d0e0e4736""#)
                }
            }, "no span for \(stage)")
        }
        #expect(try await eventually { gateway.process.log.contains(#""span_id":"\#(upstreamParentID)""#) }, "the backend's parent span is logged")
        #expect(gateway.process.log.contains(#""parent_span_id":"00f067aa0ba902b7""#), "the pipeline span's parent is the app's span")
        #expect(headers?["authorization"] == "Bearer backend-secret")
        #expect(headers?.values.contains { $0.contains(gateway.appKey) } == false)
    }
}
