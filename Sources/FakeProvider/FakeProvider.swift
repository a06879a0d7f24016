import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A scriptable stand-in for model providers, speaking the OpenAI and Anthropic protocols over
/// HTTP, for tests and demos. See `FakeScript` for the script format.
@main
struct FakeProvider: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-fake-provider",
        abstract: "A scriptable fake model provider (OpenAI and Anthropic protocols) with latency and fault injection.")

    @Option(help: "Host to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind; 0 picks a free one (printed as 'listening on HOST:PORT').") var port = 0
    @Option(help: "A JSON script file: {\"rules\": [...]}.") var script: String?

    func run() async throws {
        var initial = FakeScript()
        if let script {
            do {
                initial = try Self.decoder.decode(FakeScript.self, from: Data(contentsOf: URL(fileURLWithPath: script)))
            } catch {
                throw ValidationError("cannot read the script \(script): \(error)")
            }
        }
        let state = FakeState(script: initial)
        let openAI = OpenAIFakeResponder(state: state)
        let anthropic = AnthropicFakeResponder(state: state)
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in await openAI.chatCompletion(try await Self.record(request, state: state)) }
        router.post("/v1/embeddings") { request, _ in await openAI.embeddings(try await Self.record(request, state: state)) }
        router.get("/v1/models") { _, _ in openAI.models() }
        router.get("/metrics") { _, _ -> Response in
            guard let load = await state.script.load else { return Response(status: .notFound) }
            // vLLM's Prometheus exposition: one series per served model.
            let text = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="qwen2.5-72b"} \(load.running)
                # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
                # TYPE vllm:num_requests_waiting gauge
                vllm:num_requests_waiting{model_name="qwen2.5-72b"} \(load.waiting)
                # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
                # TYPE vllm:kv_cache_usage_perc gauge
                vllm:kv_cache_usage_perc{model_name="qwen2.5-72b"} \(load.kvCache ?? 0)

                """
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/v1/messages") { request, _ in await anthropic.messages(try await Self.record(request, state: state)) }
        router.put("/_control/script") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            do {
                await state.replaceScript(try Self.decoder.decode(FakeScript.self, from: Data(body.readableBytesView)))
            } catch {
                return JSONBody.response(["error": "invalid script: \(error)"], status: .badRequest)
            }
            return JSONBody.response(["ok": true])
        }
        router.get("/_control/requests") { _, _ in
            let requests = await state.requests.map { request -> [String: Any] in
                let body = (try? JSONSerialization.jsonObject(with: request.body)) ?? NSNull()
                return ["path": request.path, "headers": request.headers, "body": body]
            }
            return JSONBody.response(requests)
        }
        router.delete("/_control/requests") { _, _ in
            await state.clearRequests()
            return JSONBody.response(["ok": true])
        }
        router.get("/_control/stats") { _, _ in
            JSONBody.response(["received": await state.received, "completed": await state.completed, "cancelled": await state.cancelled])
        }
        var logger = Logger(label: "fake-provider")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "fake-provider"),
            onServerRunning: { [host] channel in
                FileHandle.standardOutput.write(Data("listening on \(host):\(channel.localAddress?.port ?? 0)\n".utf8))
            },
            logger: logger)
        try await app.runService()
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    private static func record(_ request: Request, state: FakeState) async throws -> [String: Any] {
        let body = try await request.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        await state.record(RecordedRequest(path: request.uri.path, headers: headers, body: Data(body.readableBytesView)))
        return JSONBody.parse(body)
    }
}
