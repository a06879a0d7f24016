import Backends
import Foundation
import Testing

@Suite("Load-aware routing: vLLM's published load, read and preferred")
struct LoadAwareRoutingTests {
    @Test("vLLM's metrics text is read: series summed across models, either KV-cache name, labels with spaces")
    func parsesVLLMMetrics() throws {
        let text = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="qwen2.5 72b"} 3.0
            vllm:num_requests_running{engine="1",model_name="qwen2.5 72b"} 2.0
            vllm:num_requests_waiting{model_name="qwen2.5 72b"} 4.0 1700000000000
            vllm:gpu_cache_usage_perc{model_name="qwen2.5 72b"} 0.25
            vllm:prompt_tokens_total{model_name="qwen2.5 72b"} 12345.0
            """
        let load = try #require(BackendLoad.parse(vllmMetrics: Substring(text), at: .now))
        #expect(load.running == 5)
        #expect(load.waiting == 4)
        #expect(load.kvCacheUsage == 0.25)
        #expect(load.score(capacity: 10) == (5 + 8) / 10 + 0.25)
        #expect(BackendLoad.parse(vllmMetrics: "process_cpu_seconds_total 12.5\n", at: .now) == nil)
        #expect(BackendLoad.parse(vllmMetrics: "vllm:num_requests_waiting NaN\n", at: .now) == nil)
    }

    @Test("requests go to the least-loaded target the policy allows, and follow the load when it moves")
    func prefersLeastLoaded() async throws {
        let busy = #"{"rules":[],"load":{"waiting":30,"running":16,"kv_cache":0.9}}"#
        let idle = #"{"rules":[],"load":{"waiting":0,"running":1,"kv_cache":0.1}}"#
        let first = try await FakeProviderProcess(script: busy)
        defer { first.stop() }
        let second = try await FakeProviderProcess(script: idle)
        defer { second.stop() }
        let gateway = try await GatewayProcess(yaml: gatewayYAML(
            backends: [
                #"{ name: gpu-a, kind: openai, url: "\#(first.baseURL)/v1", zone: private, load: vllm }"#,
                #"{ name: gpu-b, kind: openai, url: "\#(second.baseURL)/v1", zone: private, load: vllm }"#,
            ],
            models: ["{ alias: fin-chat, targets: [gpu-a, gpu-b] }"], healthCheckInterval: "200ms"))
        defer { gateway.stop() }
        let chat = #"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}]}"#
        // Ordered first, but loaded: the idle second target serves.
        #expect(try await eventually {
            _ = try await gateway.post(body: chat)
            return try await second.requests().count >= 1
        })
        let before = try await first.requests().count
        for _ in 0..<5 { #expect(try await gateway.post(body: chat).status == 200) }
        #expect(try await first.requests().count == before)
        // The load moves: so do the requests.
        try await first.setScript(idle)
        try await second.setScript(busy)
        #expect(try await eventually {
            _ = try await gateway.post(body: chat)
            return try await first.requests().count > before
        })
        let seen = try await second.requests().count
        for _ in 0..<5 { #expect(try await gateway.post(body: chat).status == 200) }
        #expect(try await second.requests().count == seen)
    }
}
