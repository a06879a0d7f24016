import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A model provider double on a free port of 127.0.0.1 that answers every
/// `POST /v1/chat/completions` with one fixed OpenAI completion: a `chat.completion` object, or
/// its `chat.completion.chunk` events when the request asks for a stream. It keeps nothing per
/// request, so it can serve long runs without growing (unlike the recording fake provider).
final class StaticModelDouble: Sendable {
    static let answer = "贵州茅台（600519）是白酒行业的龙头企业。"

    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    let port: Int

    init() async throws {
        let completion = ByteBuffer(string: #"""
            {"id":"chatcmpl-static","object":"chat.completion","created":1718000000,"model":"static-model","choices":[{"index":0,"message":{"role":"assistant","content":"\#(Self.answer)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":20,"total_tokens":32}}
            """#)
        let chunk = #"{"id":"chatcmpl-static","object":"chat.completion.chunk","created":1718000000,"model":"static-model","choices":["#
        let events = ByteBuffer(string: [
            #"\#(chunk){"index":0,"delta":{"role":"assistant","content":"\#(Self.answer)"},"finish_reason":null}]}"#,
            #"\#(chunk){"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            #"\#(chunk)],"usage":{"prompt_tokens":12,"completion_tokens":20,"total_tokens":32}}"#,
            "[DONE]",
        ].map { "data: \($0)\n\n" }.joined())
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            if String(buffer: body).contains(#""stream":true"#) {
                return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody(byteBuffer: events))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: completion))
        }
        router.get("/v1/models") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"object":"list","data":[]}"#)))
        }
        let server = await LocalServer.start(router, name: "static-model-double")
        task.withLock { $0 = server.task }
        port = server.port
    }

    /// The base URL a backend points at.
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Stops the server.
    func stop() {
        task.withLock { $0?.cancel() }
    }
}
