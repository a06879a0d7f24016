import Config
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import Testing
@testable import Gateway
@testable import Server

/// The model routes answered on the connection (``ModelRouteHandler``), through the server's
/// own application on a free port, against a model double over a real socket: the order of
/// pipelined requests, the methods and limits the routes refuse, and `Connection: close`.
@Suite("Model calls answered on the connection")
struct ModelRouteTests {
    /// A running gateway: its port, its store, and a key that may call models.
    struct Running {
        let port: Int
        let store: SQLiteStore
        let key: String
    }

    /// Runs `body` against a live gateway whose model calls take bodies up to `maxBody`.
    static func withGateway(maxBody: String = "4MiB", _ body: @Sendable (Running) async throws -> Void) async throws {
        let upstream = try await StaticModelDouble()
        defer { upstream.stop() }
        let store = try SQLiteStore(path: ScratchSpace.database("model-routes"))
        let config = try ConfigLoader.parse(yaml: """
            server: { listen: "127.0.0.1:0", max_body_bytes: \(maxBody) }
            backends:
              - { name: inside, kind: openai, url: "\(upstream.baseURL)", zone: private }
            models:
              - { alias: fin-chat, targets: [inside] }
            """, file: "model-routes.yaml", environment: [:])
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let gateway = try await Gateway(config: config, store: store, logger: logger)
        let auditWriter = Task { await gateway.audit.run() }
        defer { auditWriter.cancel() }
        let key = try await store.createKey(tenant: "acme", role: .app).secret
        let app = SwitchboardServer.makeApplication(gateway: gateway, logger: logger) { _ in }
        try await app.test(.live) { client in
            try await body(Running(port: try #require(client.port), store: store, key: key))
        }
        await gateway.shutdown()
    }

    /// A request's bytes as an HTTP/1.1 client sends them.
    static func request(_ method: String, _ path: String, key: String? = nil, body: String = "", close: Bool = false) -> String {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1"]
        if let key { lines.append("Authorization: Bearer \(key)") }
        if !body.isEmpty || method == "POST" {
            lines.append("Content-Type: application/json")
            lines.append("Content-Length: \(body.utf8.count)")
        }
        if close { lines.append("Connection: close") }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    static let chat = #"{"model":"fin-chat","messages":[{"role":"user","content":"你好，请介绍一下贵州茅台"}]}"#
    static let streamedChat = #"{"model":"fin-chat","stream":true,"messages":[{"role":"user","content":"你好"}]}"#

    /// The status codes of the responses in `text`, in order.
    static func statuses(_ text: String) -> [Int] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
    }

    @Test("pipelined requests are answered in the order they came, model calls and router routes alike")
    func pipelinedOrder() async throws {
        try await Self.withGateway { running in
            let requests = [
                Self.request("POST", "/v1/chat/completions", key: running.key, body: Self.chat),
                Self.request("GET", "/healthz"),
                Self.request("POST", "/v1/chat/completions", key: running.key, body: Self.streamedChat),
                Self.request("POST", "/v1/chat/completions", key: "sk-sb-not-a-key-000000000000", body: Self.chat),
                Self.request("GET", "/v1/models", key: running.key, close: true),
            ]
            let answer = try await RawConnection.exchange(port: running.port, sending: requests.joined())
            #expect(Self.statuses(answer) == [200, 200, 200, 401, 200])
            let markers = [#""object":"chat.completion""#, #"{"status":"ok"}"#, "data: [DONE]", #""code":"invalid_api_key""#, #""object":"list""#]
            let positions = markers.map { marker in answer.range(of: marker).map { answer.distance(from: answer.startIndex, to: $0.lowerBound) } }
            #expect(positions.allSatisfy { $0 != nil }, "every answer is there: \(answer)")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "the answers came in the order of the requests: \(answer)")
            #expect(answer.contains(StaticModelDouble.answer), "the Chinese answer arrives whole")
        }
    }

    @Test("a model call's answer carries the request id, Date and Server; a stream is chunked, JSON has a length")
    func answerHead() async throws {
        try await Self.withGateway { running in
            let json = try await HTTP.send(
                "POST", "http://127.0.0.1:\(running.port)/v1/chat/completions", body: Self.chat,
                headers: [("authorization", "Bearer \(running.key)"), ("x-request-id", "req-from-the-app")])
            #expect(json.status == 200)
            #expect(json.headers["x-request-id"] == ["req-from-the-app"])
            #expect(json.headers["server"] == ["switchboard"])
            #expect(json.headers["date"].first?.hasSuffix(" GMT") == true)
            #expect(json.headers["content-length"] == [String(json.body.utf8.count)])
            let stream = try await HTTP.send(
                "POST", "http://127.0.0.1:\(running.port)/v1/chat/completions", body: Self.streamedChat,
                headers: [("authorization", "Bearer \(running.key)")])
            #expect(stream.status == 200)
            #expect(stream.headers["content-type"] == ["text/event-stream; charset=utf-8"])
            #expect(stream.headers["transfer-encoding"] == ["chunked"])
            #expect(stream.events.last == "[DONE]")
            #expect(stream.headers["x-request-id"].first?.hasPrefix("req_") == true)
        }
    }

    @Test("a model path asked with another method gets 405; a body over the limit gets 413 and is recorded")
    func refusals() async throws {
        try await Self.withGateway(maxBody: "1KiB") { running in
            let wrongMethod = try await HTTP.send("GET", "http://127.0.0.1:\(running.port)/v1/chat/completions", headers: [("authorization", "Bearer \(running.key)")])
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.errorCode == "method_not_allowed")
            let large = #"{"model":"fin-chat","messages":[{"role":"user","content":"\#(String(repeating: "长", count: 1000))"}]}"#
            let tooLarge = try await HTTP.send(
                "POST", "http://127.0.0.1:\(running.port)/v1/chat/completions", body: large, headers: [("authorization", "Bearer \(running.key)")])
            #expect(tooLarge.status == 413)
            #expect(tooLarge.errorCode == "request_too_large")
            // The same connection serves on after the refusals.
            let served = try await HTTP.send(
                "POST", "http://127.0.0.1:\(running.port)/v1/chat/completions", body: Self.chat, headers: [("authorization", "Bearer \(running.key)")])
            #expect(served.status == 200)
            let recorded = try await running.store.auditRecords(after: 0, limit: 10).map(\.sealed.status)
            #expect(recorded == [413, 200], "the refused body and the answered call are in the audit trail")
        }
    }

    @Test("a model call whose chunked body breaks off is refused with 400 unreadable_body, recorded, and the connection closes")
    func brokenChunkedBody() async throws {
        try await Self.withGateway { running in
            let request = [
                "POST /v1/chat/completions HTTP/1.1", "Host: 127.0.0.1", "Authorization: Bearer \(running.key)",
                "Content-Type: application/json", "Transfer-Encoding: chunked", "", "zz", "{}", "",
            ].joined(separator: "\r\n")
            let answer = try await RawConnection.exchange(port: running.port, sending: request)
            #expect(Self.statuses(answer) == [400])
            #expect(answer.contains(#""code":"unreadable_body""#), "\(answer)")
            let recorded = try await running.store.auditRecords(after: 0, limit: 10).map(\.sealed.status)
            #expect(recorded == [400], "the refused call is in the audit trail")
        }
    }

    @Test("a model call that expects 100-continue gets it before its answer")
    func expectContinue() async throws {
        try await Self.withGateway { running in
            var request = Self.request("POST", "/v1/chat/completions", key: running.key, body: Self.chat, close: true)
            request = request.replacingOccurrences(of: "Connection: close\r\n", with: "Connection: close\r\nExpect: 100-continue\r\n")
            let answer = try await RawConnection.exchange(port: running.port, sending: request)
            #expect(answer.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), "\(answer.prefix(80))")
            #expect(answer.contains(#""object":"chat.completion""#))
        }
    }

    @Test("a model call with Connection: close is answered, then the connection closes; requests after it are not read")
    func connectionClose() async throws {
        try await Self.withGateway { running in
            let requests = [
                Self.request("POST", "/v1/chat/completions", key: running.key, body: Self.chat, close: true),
                Self.request("GET", "/healthz"),
            ]
            let answer = try await RawConnection.exchange(port: running.port, sending: requests.joined())
            #expect(Self.statuses(answer) == [200])
            #expect(answer.contains(#""object":"chat.completion""#))
        }
    }
}
