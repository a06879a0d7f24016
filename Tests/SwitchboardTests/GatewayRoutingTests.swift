import AsyncHTTPClient
import Foundation
import Testing

/// End to end, over real sockets: the real gateway binary in front of fake providers.
@Suite("Routing: fallback, retries, rate limits, circuit breakers")
struct GatewayRoutingTests {
    static let chat = #"{"model":"fin-chat","messages":[{"role":"user","content":"你好，贵州茅台"}]}"#

    @Test("a target that refuses connections falls back to the next, and the answer names the alias")
    func fallbackOnConnectionFailure() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        // `dead` answers the startup health probe, then goes away before the request (no
        // further probe runs), so the gateway still tries it first.
        let doomed = try await FakeProviderProcess()
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [
                #"{ name: dead, kind: openai, url: "\#(doomed.baseURL)/v1", zone: private }"#,
                #"{ name: live, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, model: "qwen2.5-72b" }"#,
            ],
            models: ["{ alias: fin-chat, targets: [dead, live] }"], healthCheckInterval: "1h"))
        defer { gateway.stop() }
        #expect(try await eventually {
            let ready = try await HTTP.send("GET", gateway.baseURL + "/readyz")
            return ready.body.contains(#""dead":{"reachable":true"#)
        })
        doomed.stop()

        let response = try await gateway.post(body: Self.chat)
        #expect(response.status == 200)
        #expect(response.json["model"] as? String == "fin-chat")
        let message = ((response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
        #expect(message == "You said: 你好，贵州茅台")
        let upstream = try await fake.requests().last?["body"] as? [String: Any]
        #expect(upstream?["model"] as? String == "qwen2.5-72b")
        #expect(try await eventually { gateway.process.log.contains(#""attempts":["dead:connection","live:ok"]"#) })
    }

    @Test("a backend whose health probe failed is tried after the others, even with one attempt")
    func unreachableBackendIsTriedLast() async throws {
        let fake = try await FakeProviderProcess()
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [
                #"{ name: dead, kind: openai, url: "http://127.0.0.1:1/v1", zone: private }"#,
                #"{ name: live, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#,
            ],
            models: ["{ alias: fin-chat, targets: [dead, live], max_attempts: 1 }"]))
        defer { gateway.stop() }

        // Once the first probe has found `dead` unreachable, the only attempt goes to `live`.
        #expect(try await eventually {
            let ready = try await HTTP.send("GET", gateway.baseURL + "/readyz")
            return ready.body.contains(#""dead":{"reachable":false,"reason""#)
        })
        for _ in 0..<3 {
            #expect(try await gateway.post(body: Self.chat).status == 200)
        }
        #expect(try await fake.requests().count == 3)
        #expect(!gateway.process.log.contains(#""attempts":["dead:connection"]"#))
    }

    @Test("a 500 is retried and the retry's answer is returned")
    func retryAfterServerError() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"times":1,"fault":"status","status":500,"error_message":"GPU fell over"}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 2 }"]))
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.chat)
        #expect(response.status == 200)
        #expect(try await fake.stats()["received"] == 2)
    }

    @Test("a 429 with Retry-After is waited out before the retry")
    func rateLimitHonoursRetryAfter() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"times":1,"fault":"status","status":429,"retry_after":1,"error_message":"slow down"}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 2, max_retry_after: 5s }"]))
        defer { gateway.stop() }

        let started = ContinuousClock.now
        let response = try await gateway.post(body: Self.chat)
        #expect(response.status == 200)
        #expect(ContinuousClock.now - started >= .milliseconds(900))
        #expect(try await fake.stats()["received"] == 2)
    }

    @Test("a 429 whose Retry-After is too long reaches the app as 429 with Retry-After")
    func rateLimitSurfaced() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"status","status":429,"retry_after":30,"error_message":"quota exhausted"}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 2, max_retry_after: 2s }"]))
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.chat)
        #expect(response.status == 429)
        #expect(response.errorCode == "rate_limited")
        #expect(response.errorMessage?.contains("quota exhausted") == true)
        #expect(response.headers.first(name: "retry-after") == "30")
    }

    /// A gateway in front of `flaky` (tried first, answering 503) and `steady`, after the two
    /// requests that open `flaky`'s circuit for `openFor`.
    private struct OpenedCircuit {
        let flaky: FakeProviderProcess
        let steady: FakeProviderProcess
        let gateway: GatewayProcess

        init(openFor: String) async throws {
            flaky = try await FakeProviderProcess(script: #"{"rules":[{"fault":"status","status":503,"error_message":"overloaded"}]}"#)
            steady = try await FakeProviderProcess()
            gateway = try await GatewayProcess(yaml: gatewayYAML(
                backends: [
                    #"{ name: flaky, kind: openai, url: "\#(flaky.baseURL)/v1", zone: private, circuit_breaker: { failures: 2, open_for: \#(openFor) } }"#,
                    #"{ name: steady, kind: openai, url: "\#(steady.baseURL)/v1", zone: private }"#,
                ],
                models: ["{ alias: fin-chat, targets: [flaky, steady] }"]))
            for _ in 0..<2 {
                #expect(try await gateway.post(body: GatewayRoutingTests.chat).status == 200)
            }
            #expect(try await flaky.stats()["received"] == 2)
        }

        func stop() {
            gateway.stop()
            flaky.stop()
            steady.stop()
        }
    }

    @Test("the circuit opens after repeated failures and the backend is skipped while it is open")
    func circuitBreakerOpens() async throws {
        // Open far longer than any run of this test, however loaded the machine.
        let setup = try await OpenedCircuit(openFor: "1h")
        defer { setup.stop() }
        for _ in 0..<3 {
            #expect(try await setup.gateway.post(body: Self.chat).status == 200)
        }
        #expect(try await setup.flaky.stats()["received"] == 2, "open: the flaky backend is not even tried")
    }

    @Test("once open_for has passed, one probe goes through and its success closes the circuit")
    func circuitBreakerProbesBackIn() async throws {
        let setup = try await OpenedCircuit(openFor: "1s")
        defer { setup.stop() }
        try await setup.flaky.setScript(#"{"rules":[]}"#)
        // Nothing is sent while the circuit is open, so only a wait longer than open_for matters.
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await setup.gateway.post(body: Self.chat).status == 200)
        #expect(try await setup.flaky.stats()["received"] == 3, "the probe")
        #expect(try await setup.gateway.post(body: Self.chat).status == 200)
        #expect(try await setup.flaky.stats()["received"] == 4, "closed again: the flaky backend is first once more")
    }

    @Test("with every circuit open the request fails fast with 503 no_available_backend")
    func allCircuitsOpen() async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"status","status":500,"error_message":"down for maintenance"}]}"#)
        defer { fake.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: gpu, kind: openai, url: "\#(fake.baseURL)/v1", zone: private, circuit_breaker: { failures: 1, open_for: 60s } }"#],
            models: ["{ alias: fin-chat, targets: [gpu], max_attempts: 1 }"]))
        defer { gateway.stop() }

        let first = try await gateway.post(body: Self.chat)
        #expect(first.status == 502)
        #expect(first.errorCode == "upstream_error")
        #expect(first.errorMessage?.contains("down for maintenance") == true)
        let second = try await gateway.post(body: Self.chat)
        #expect(second.status == 503)
        #expect(second.errorCode == "no_available_backend")
        #expect(try await fake.stats()["received"] == 1)
    }

    @Test("a backend that sends no event within first_byte is abandoned for the next target")
    func firstByteTimeoutFallsBack() async throws {
        let stalled = try await FakeProviderProcess(script: #"{"rules":[{"fault":"stall","fault_after_chunks":0}]}"#)
        let steady = try await FakeProviderProcess()
        defer { stalled.stop(); steady.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [
                #"{ name: stalled, kind: openai, url: "\#(stalled.baseURL)/v1", zone: private, timeouts: { first_byte: 300ms } }"#,
                #"{ name: steady, kind: openai, url: "\#(steady.baseURL)/v1", zone: private }"#,
            ],
            models: ["{ alias: fin-chat, targets: [stalled, steady] }"]))
        defer { gateway.stop() }

        let response = try await gateway.post(body: #"{"model":"fin-chat","stream":true,"messages":[{"role":"user","content":"行情"}]}"#)
        #expect(response.status == 200)
        #expect(response.events.last == "[DONE]")
        #expect(try await eventually { gateway.process.log.contains(#""attempts":["stalled:first_byte_timeout","steady:ok"]"#) })
    }

    @Test("weighted targets share the load roughly by weight")
    func weightedTargets() async throws {
        let heavy = try await FakeProviderProcess()
        let light = try await FakeProviderProcess()
        defer { heavy.stop(); light.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [
                #"{ name: heavy, kind: openai, url: "\#(heavy.baseURL)/v1", zone: private }"#,
                #"{ name: light, kind: openai, url: "\#(light.baseURL)/v1", zone: private }"#,
            ],
            models: ["{ alias: fin-chat, strategy: weighted, targets: [{ backend: heavy, weight: 3 }, { backend: light, weight: 1 }] }"]))
        defer { gateway.stop() }

        for _ in 0..<60 {
            #expect(try await gateway.post(body: Self.chat).status == 200)
        }
        let heavyCount = try await heavy.stats()["received"] ?? 0
        let lightCount = try await light.stats()["received"] ?? 0
        #expect(heavyCount + lightCount == 60)
        #expect(heavyCount > lightCount)
        #expect(lightCount > 0)
    }

    @Test("readyz is 503 while no backend is reachable and 200 once one is")
    func readiness() async throws {
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [#"{ name: dead, kind: openai, url: "http://127.0.0.1:1/v1", zone: private }"#],
            models: ["{ alias: fin-chat, targets: [dead] }"]))
        defer { gateway.stop() }
        #expect(try await eventually {
            let response = try await HTTP.send("GET", gateway.baseURL + "/readyz")
            return response.status == 503 && response.body.contains(#""reachable":false"#)
        })
        #expect(try await HTTP.send("GET", gateway.baseURL + "/healthz").status == 200)
    }
}
