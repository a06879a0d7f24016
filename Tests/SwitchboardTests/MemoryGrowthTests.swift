import Config
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import Testing
@testable import Gateway
@testable import Server

/// A cheap guard against memory that grows with traffic: thousands of exchanges through the
/// in-process gateway (its HTTP server, pipeline, audit trail and metrics, over real sockets on
/// both sides) must leave the heap where it was once the gateway is warm.
///
/// The heap is the whole process's, so `scripts/test.sh` runs this suite on its own, after the
/// others (`swift test --filter MemoryGrowthTests`).
@Suite("Memory: exchanges give back what they take", .serialized)
struct MemoryGrowthTests {
    static let email = "zhang.wei@example.com"

    /// The requests, in turn: answered (JSON, streamed, masked for a public backend) and
    /// refused (unknown key, malformed JSON, an unknown model under a name never seen before).
    static func request(_ index: Int, key: String) -> (body: String, key: String, status: Int) {
        switch index % 6 {
        case 0: (#"{"model":"fin-chat","messages":[{"role":"user","content":"你好，请介绍一下贵州茅台"}]}"#, key, 200)
        case 1: (#"{"model":"fin-chat","stream":true,"messages":[{"role":"user","content":"你好，请介绍一下贵州茅台"}]}"#, key, 200)
        case 2: (#"{"model":"maas-chat","messages":[{"role":"user","content":"我的邮箱是 \#(email)，请回复确认"}]}"#, key, 200)
        case 3: (#"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}]}"#, "sk-sb-not-a-key-000000000000", 401)
        case 4: (#"{"model":"fin-chat","messages":[{"role":"user","content":"未完"#, key, 400)
        default: (#"{"model":"no-such-model-\#(index)","messages":[{"role":"user","content":"你好"}]}"#, key, 404)
        }
    }

    @Test("10,000 exchanges after a warm-up grow the heap by less than 1 MiB")
    func heapStaysFlat() async throws {
        guard HeapUsage.bytesInUse() != nil else {
            Issue.record("this guard reads glibc's heap counters (mallinfo2); this platform has none")
            return
        }
        let upstream = try await StaticModelDouble()
        defer { upstream.stop() }
        let store = try SQLiteStore(path: ScratchSpace.database("memory"))
        // Default timeouts (600 s in all, 60 s to the first event): a timer that outlives its
        // exchange holds its memory that long, far past the end of this test.
        let config = try ConfigLoader.parse(yaml: """
            server: { listen: "127.0.0.1:0" }
            backends:
              - { name: inside, kind: openai, url: "\(upstream.baseURL)", zone: private, capacity: 64 }
              - { name: maas, kind: openai, url: "\(upstream.baseURL)", zone: public, capacity: 64 }
            models:
              - { alias: fin-chat, targets: [inside] }
              - { alias: maas-chat, targets: [maas] }
            """, file: "memory-test.yaml", environment: [:])
        let gateway = try await Gateway(config: config, store: store, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let auditWriter = Task { await gateway.audit.run() }
        defer { auditWriter.cancel() }
        let key = try await store.createKey(tenant: "acme", role: .app).secret
        // The server's own application, as `switchboard serve` runs it (model calls are answered
        // on the connection, ahead of the router).
        let app = SwitchboardServer.makeApplication(gateway: gateway, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) { _ in }
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)/v1/chat/completions"
            // The warm-up fills the bounded caches, SQLite's page cache (2 MiB per connection) the
            // largest of them.
            let warmUp = 5_000, measured = 10_000
            try await Self.exchange(url, range: 0..<warmUp, key: key)
            let before = HeapUsage.bytesInUse() ?? 0
            try await Self.exchange(url, range: warmUp..<(warmUp + measured), key: key)
            let after = HeapUsage.bytesInUse() ?? 0
            let growth = after - before
            print("heap growth over \(measured) exchanges: \(growth / 1024) KiB")
            #expect(growth < 1024 * 1024, "the heap grew by \(growth / 1024) KiB over \(measured) exchanges (\(growth / measured) bytes each)")
        }
        let recorded = try await store.auditRecords(after: 0, limit: 1).count
        #expect(recorded == 1, "the exchanges were audited")
        await gateway.shutdown()
    }

    /// Sends the requests of `range` to `url` over 16 concurrent callers; every answer must have
    /// the status its request expects.
    static func exchange(_ url: String, range: Range<Int>, key: String) async throws {
        let callers = 16
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    for index in stride(from: range.lowerBound + caller, to: range.upperBound, by: callers) {
                        let (body, bearer, status) = request(index, key: key)
                        let response = try await HTTP.send("POST", url, body: body, headers: [("authorization", "Bearer \(bearer)")])
                        #expect(response.status == status, "request \(index % 6): \(response.body)")
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
