import Config
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import Backends

/// Both ways a backend's model calls travel (the pooled HTTP/1.1 client for `http://` URLs, and
/// AsyncHTTPClient for `https://` ones), each against the fake provider over a real socket:
/// answers, streams, error statuses, deadlines and broken connections come back the same.
@Suite("Backend transports", .serialized)
struct BackendTransportTests {
    static let choices: [Backend.TransportChoice] = [.automatic, .asyncHTTPClient]
    static let loop = MultiThreadedEventLoopGroup.singleton.next()

    static func backend(url: String, choice: Backend.TransportChoice, firstByte: Duration = .seconds(5), total: Duration = .seconds(30)) -> Backend {
        let config = BackendConfig(
            name: "fake", kind: .openai, url: url, zone: .private,
            timeouts: BackendTimeouts(connect: .seconds(2), firstByte: firstByte, idle: .seconds(5), total: total), streamUsage: false)
        // One event loop, so that every call uses the same per-loop pool whichever thread runs the test.
        return Backend(config: config, eventLoopGroup: loop, transport: choice)
    }

    static func request(_ text: String, stream: Bool) -> UpstreamRequest {
        let body = #"{"model":"m","stream":\#(stream),"messages":[{"role":"user","content":"\#(text)"}]}"#
        return UpstreamRequest(operation: .chatCompletions, alias: "m", body: ByteBuffer(string: body), modelValueRange: 0..<0, stream: stream, includeUsage: true)
    }

    static func send(_ backend: Backend, _ text: String, stream: Bool = false) async throws(UpstreamFailure) -> UpstreamAnswer {
        try await backend.send(request(text, stream: stream), upstreamModel: "m", maxResponseBytes: 1 << 20, lease: BackendLease(backend: backend, isProbe: false))
    }

    static func failure(_ backend: Backend, _ text: String, stream: Bool = false) async -> UpstreamFailure? {
        do {
            let answer = try await send(backend, text, stream: stream)
            guard case .stream(let relayed) = answer else { return nil }
            return await relayed.relay { batches in for try await _ in batches {} }.failure
        } catch {
            return error
        }
    }

    /// The answer's text; a stream is read only after `pause`, so that it can run ahead of its reader.
    static func content(_ answer: UpstreamAnswer, pause: Duration = .zero) async throws -> String {
        switch answer {
        case .complete(let body):
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
            let message = (json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
            return message?["content"] as? String ?? ""
        case .stream(let stream):
            try await Task.sleep(for: pause)
            let text = Mutex("")
            let outcome = await stream.relay { batches in
                for try await batch in batches {
                    for event in batch where !event.isDoneSentinel {
                        let json = try JSONSerialization.jsonObject(with: Data(event.data)) as? [String: Any]
                        let delta = (json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                        if let piece = delta?["content"] as? String { text.withLock { $0 += piece } }
                    }
                }
            }
            #expect(outcome.failure == nil)
            #expect(outcome.finished)
            return text.withLock { $0 }
        }
    }

    @Test("a complete answer and a stream arrive whole, Chinese included, over either transport", arguments: choices)
    func answers(choice: Backend.TransportChoice) async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"贵州茅台的代码是600519。"},"chunks":4}]}"#)
        defer { fake.stop() }
        let backend = Self.backend(url: fake.baseURL + "/v1", choice: choice)
        for _ in 0..<3 {
            #expect(try await Self.content(try await Self.send(backend, "hi")) == "贵州茅台的代码是600519。")
            #expect(try await Self.content(try await Self.send(backend, "hi", stream: true)) == "贵州茅台的代码是600519。")
        }
        await backend.shutdown()
    }

    @Test("an error status keeps the backend's message and Retry-After", arguments: choices)
    func errorStatus(choice: Backend.TransportChoice) async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"fault":"status","status":429,"retry_after":7,"error_message":"请稍后再试"}]}"#)
        defer { fake.stop() }
        let backend = Self.backend(url: fake.baseURL + "/v1", choice: choice)
        for stream in [false, true] {
            let failure = try #require(await Self.failure(backend, "hi", stream: stream))
            #expect(failure.kind == .status(429))
            #expect(failure.message == "请稍后再试")
            #expect(failure.retryAfter == .seconds(7))
        }
        await backend.shutdown()
    }

    @Test("a stalled answer ends at timeouts.total; a stream cut off mid-way is reported as cut off", arguments: choices)
    func brokenAnswers(choice: Backend.TransportChoice) async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"slow","fault":"stall"},{"match":"cut","fault":"cut","chunks":4,"fault_after_chunks":2},{"reply":{"content":"ok"}}]}"#)
        defer { fake.stop() }
        let backend = Self.backend(url: fake.baseURL + "/v1", choice: choice, total: .milliseconds(300))
        #expect(await Self.failure(backend, "slow")?.kind == .totalTimeout)
        #expect(await Self.failure(backend, "cut", stream: true)?.kind == .cutOff)
        // The connections left behind by those failures do not spoil the next call.
        #expect(try await Self.content(try await Self.send(backend, "fine")) == "ok")
        await backend.shutdown()
    }

    @Test("a stream's head and first event must come within timeouts.first_byte; once they have, a stream may run longer", arguments: choices)
    func firstByte(choice: Backend.TransportChoice) async throws {
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"late","delay_ms":5000},{"match":"mute","fault":"stall","fault_after_chunks":0},{"match":"patient","delay_ms":500,"reply":{"content":"等一下。"}},{"chunks":4,"chunk_delay_ms":150,"reply":{"content":"慢慢地说完。"}}]}"#)
        defer { fake.stop() }
        let backend = Self.backend(url: fake.baseURL + "/v1", choice: choice, firstByte: .milliseconds(300))
        let started = ContinuousClock.now
        let noHead = try #require(await Self.failure(backend, "late", stream: true))
        #expect(noHead.kind == .firstByteTimeout)
        #expect(noHead.message.contains("first_byte"), "\(noHead.message)")
        #expect(ContinuousClock.now - started < .seconds(4), "the head's deadline ended the wait, not the backend")
        let noEvent = try #require(await Self.failure(backend, "mute", stream: true))
        #expect(noEvent.kind == .firstByteTimeout, "a head without an event is no first byte")
        #expect(try await Self.content(try await Self.send(backend, "slow but steady", stream: true)) == "慢慢地说完。", "450 ms of chunks after the head")
        #expect(try await Self.content(try await Self.send(backend, "patient")) == "等一下。", "a complete answer is held to timeouts.total only")
        await backend.shutdown()
    }

    @Test("nothing listening is a connection failure", arguments: choices)
    func refused(choice: Backend.TransportChoice) async throws {
        let closedPort = try await KeepAliveDouble.closedPort()
        let backend = Self.backend(url: "http://127.0.0.1:\(closedPort)/v1", choice: choice)
        let failure = try #require(await Self.failure(backend, "hi"))
        #expect(failure.kind == .connection)
        await backend.shutdown()
    }

    @Test("the pooled client keeps one connection for calls made one after another")
    func keepsConnections() async throws {
        let double = try await KeepAliveDouble.start(closeIdleConnections: false)
        defer { double.stop() }
        let backend = Self.backend(url: "http://127.0.0.1:\(double.port)/v1", choice: .automatic)
        for _ in 0..<5 {
            #expect(try await Self.content(try await Self.send(backend, "hi")) == "pong")
        }
        #expect(double.counts == .init(connections: 1, requests: 5))
        await backend.shutdown()
    }

    @Test("a request that meets a connection the backend closed while idle is sent again on a new one")
    func replacesClosedConnections() async throws {
        let double = try await KeepAliveDouble.start(closeIdleConnections: true)
        defer { double.stop() }
        let backend = Self.backend(url: "http://127.0.0.1:\(double.port)/v1", choice: .automatic)
        for _ in 0..<3 {
            #expect(try await Self.content(try await Self.send(backend, "hi")) == "pong")
        }
        // Each later call found the previous connection, which the double closed on its second request.
        #expect(double.counts == .init(connections: 3, requests: 5))
        await backend.shutdown()
    }

    @Test("a stream that outran its reader leaves its connection fit for the next call", .timeLimit(.minutes(1)))
    func pausedReadingResumes() async throws {
        // Sixty chunks arrive at once, more than the read-ahead holds, so reading pauses until
        // the relay catches up; the next call on the same connection must still be read.
        let fake = try await FakeProviderProcess(script: #"{"rules":[{"match":"long","reply":{"content":"\#(String(repeating: "长", count: 60))"},"chunks":60},{"reply":{"content":"ok"}}]}"#)
        defer { fake.stop() }
        let backend = Self.backend(url: fake.baseURL + "/v1", choice: .automatic)
        for _ in 0..<3 {
            let answer = try await Self.send(backend, "long", stream: true)
            #expect(try await Self.content(answer, pause: .milliseconds(200)) == String(repeating: "长", count: 60))
            #expect(try await Self.content(try await Self.send(backend, "short")) == "ok")
        }
        await backend.shutdown()
    }

    @Test("plain http URLs are read; others are left to AsyncHTTPClient")
    func addresses() {
        let plain = PlainHTTPClient.Address(url: "http://10.0.0.5:8000/v1/")
        #expect(plain == PlainHTTPClient.Address(host: "10.0.0.5", port: 8000, basePath: "/v1"))
        #expect(plain?.hostHeader == "10.0.0.5:8000")
        let v6 = PlainHTTPClient.Address(url: "http://[::1]:9000")
        #expect(v6?.host == "::1")
        #expect(v6?.hostHeader == "[::1]:9000")
        #expect(PlainHTTPClient.Address(url: "HTTP://model.internal/v1")?.port == 80)
        for url in ["https://api.example.com/v1", "http://user:secret@host/v1", "http://host:0/v1", "http://host:port/v1", "http:///v1", "http://host/v1?x=1"] {
            #expect(PlainHTTPClient.Address(url: url) == nil, "\(url)")
        }
    }
}

extension PlainHTTPClient.Address {
    init(host: String, port: Int, basePath: String) {
        self.init(url: "http://placeholder")!
        self.host = host
        self.port = port
        self.basePath = basePath
    }
}

/// A model backend double on a real socket that answers every chat request with "pong" and
/// keeps its connections alive, or (with `closeIdleConnections`) answers only the first request
/// of each connection and closes the connection when a second one arrives, as a backend does
/// whose idle timeout struck just as the gateway reused the connection.
final class KeepAliveDouble: Sendable {
    struct Counts: Equatable, Sendable {
        var connections = 0
        var requests = 0
    }

    let port: Int
    private let channel: any Channel
    private let counter: Counter

    private init(channel: any Channel, counter: Counter) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.counter = counter
    }

    var counts: Counts { counter.tally.withLock { $0 } }

    static func start(closeIdleConnections: Bool) async throws -> KeepAliveDouble {
        let counter = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                counter.tally.withLock { $0.connections += 1 }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Responder(counter: counter, closeIdleConnections: closeIdleConnections))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return KeepAliveDouble(channel: channel, counter: counter)
    }

    /// A port on which nothing listens.
    static func closedPort() async throws -> Int {
        let double = try await start(closeIdleConnections: false)
        let port = double.port
        try await double.channel.close()
        return port
    }

    func stop() {
        channel.close(promise: nil)
    }

    private final class Counter: Sendable {
        let tally = Mutex(Counts())
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let counter: Counter
        let closeIdleConnections: Bool
        var requestsOnConnection = 0

        init(counter: Counter, closeIdleConnections: Bool) {
            self.counter = counter
            self.closeIdleConnections = closeIdleConnections
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            counter.tally.withLock { $0.requests += 1 }
            requestsOnConnection += 1
            if closeIdleConnections, requestsOnConnection > 1 {
                context.close(promise: nil)
                return
            }
            let body = ByteBuffer(string: #"{"id":"x","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}]}"#)
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.readableBytes))])
            headers.add(name: "connection", value: "keep-alive")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
