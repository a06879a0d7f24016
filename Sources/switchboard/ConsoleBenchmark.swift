import ArgumentParser
import AsyncHTTPClient
import Audit
import Config
import Foundation
import Gateway
import Logging
import NIOCore
import Server
import Store

/// `switchboard console`: tools for the web console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Tools for the web console.", subcommands: [ConsoleBenchmark.self])
}

/// `switchboard console bench`: how long each console page takes to serve with a large audit
/// trail and a day of traffic, against a bare route of the same server in the same run.
struct ConsoleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time each console page with a large audit trail, against /healthz on the same server in the same run.")

    @Option(help: "Audit records in the trail.")
    var records = 100_000

    @Option(help: "Requests per page (one at a time, after a warm-up).")
    var requests = 200

    @Option(help: "Where to put the scratch database (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    func validate() throws {
        guard records > 0, requests > 0 else { throw ValidationError("--records and --requests must be positive.") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("switchboard-console-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("state.db").path)
        CommandSupport.printError("writing \(records) audit records…")
        try await Self.fill(store, records: records)
        var config = try ConfigLoader.load(path: nil)
        config.server.host = "127.0.0.1"
        config.server.port = 0
        let logger = Logger(label: "switchboard.console-bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let gateway = try await Gateway(config: config, store: store, logger: logger)
        Self.fillTraffic(gateway.traffic, exchanges: records)
        let admin = try await store.createKey(tenant: "ops", role: .admin).secret
        let (portStream, portFeed) = AsyncStream.makeStream(of: Int.self)
        let app = SwitchboardServer.makeApplication(gateway: gateway, logger: logger) { port in portFeed.yield(port) }
        let auditWriter = Task { await gateway.audit.run() }
        let server = Task { try await app.runService() }
        defer {
            server.cancel()
            auditWriter.cancel()
        }
        var ports = portStream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ValidationError("the server did not start") }
        let base = "http://127.0.0.1:\(port)"
        // Redirects are not followed: signing in answers 303 with the session's cookie.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        do {
            try await measure(client, base: base, key: admin)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func measure(_ client: HTTPClient, base: String, key admin: String) async throws {
        let cookie = try await signIn(client, base: base, key: admin)
        let middle = records / 2
        // Each page with text its first answer must show, so that a fast page is a right one.
        let pages: [(name: String, path: String, mustShow: String?)] = [
            ("bare route /healthz", "/healthz", nil), ("overview, 24 h", "/console?window=24h", #"<tr data-tenant="tenant-3">"#),
            ("live", "/console/live", #"class="exchange""#), ("audit, newest 50", "/console/audit", #"data-sequence="\#(records)""#),
            ("audit, tenant filter", "/console/audit?tenant=tenant-3", "tenant-3"),
            ("audit, scenario filter", "/console/audit?scenario=research", "research"),
            ("audit, one end user's record", "/console/audit?end_user=user-\(middle)", #"data-request-id="req_\#(middle)""#),
            ("audit, an end user never seen", "/console/audit?end_user=nobody", #"class="empty""#),
            ("audit record", "/console/audit/\(middle)", "req_\(middle)"), ("tenants", "/console/tenants", nil), ("keys", "/console/keys", nil),
            ("approvals", "/console/approvals", nil), ("config", "/console/config", nil), ("playground", "/console/playground", nil),
        ]
        var bare: Double?
        print("console pages with \(records) audit records, \(requests) requests each, one at a time, over loopback (round trip included):")
        print("page".padding(toLength: 32, withPad: " ", startingAt: 0) + "      p50       p95   p50 / bare")
        for (name, path, mustShow) in pages {
            let timings = try await time(client, url: base + path, cookie: cookie, mustShow: mustShow)
            let p50 = timings[timings.count / 2]
            let p95 = timings[min(timings.count - 1, timings.count * 95 / 100)]
            if bare == nil { bare = p50 }
            let ratio = bare.map { String(format: "%9.1f×", p50 / $0) } ?? ""
            print(name.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%7.2f ms %7.2f ms", p50, p95) + ratio)
        }
    }

    private func signIn(_ client: HTTPClient, base: String, key: String) async throws -> String {
        let form = try await client.execute(HTTPClientRequest(url: base + "/console/sign-in"), timeout: .seconds(10))
        let signInCookie = Self.cookie(form.headers["set-cookie"], named: "sb_signin") ?? ""
        let html = String(buffer: try await form.body.collect(upTo: 1 << 20))
        let token = html.range(of: #"name="csrf" value=""#).map { String(html[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
        var request = HTTPClientRequest(url: base + "/console/sign-in")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "cookie", value: "sb_signin=\(signInCookie)")
        request.body = .bytes(ByteBuffer(string: "csrf=\(token)&api_key=\(key)"))
        let response = try await client.execute(request, timeout: .seconds(10))
        guard let session = Self.cookie(response.headers["set-cookie"], named: "sb_session") else {
            throw ValidationError("signing in failed with status \(response.status.code)")
        }
        return "sb_session=\(session)"
    }

    /// Each request's time in milliseconds, sorted; a response other than 200, or a first one
    /// without `mustShow`, is an error.
    private func time(_ client: HTTPClient, url: String, cookie: String, mustShow: String?) async throws -> [Double] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "cookie", value: cookie)
        var timings: [Double] = []
        for index in 0..<(requests + 10) {
            let start = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 64 << 20)
            guard response.status == .ok else { throw ValidationError("\(url) answered \(response.status.code)") }
            if index == 0, let expected = mustShow, !String(buffer: body).contains(expected) {
                throw ValidationError("\(url) does not show \(expected)")
            }
            let elapsed = ContinuousClock.now - start
            if index >= 10 { timings.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
        }
        return timings.sorted()
    }

    private static func cookie(_ headers: [String], named name: String) -> String? {
        for header in headers where header.hasPrefix("\(name)=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// A trail of `records` exchanges over the last day: 16 tenants, a scenario on every third,
    /// an end user each, levels 1 to 4, one in ten sent out masked, one in twenty refused.
    static func fill(_ store: SQLiteStore, records: Int) async throws {
        // End users as the gateway records them (keyed hashes), so that a search finds them.
        let hasher = EndUserHasher(key: try await store.auditSecret(named: "end_user"))
        let now = AuditTime.milliseconds(Date())
        var head = AuditChainHead.empty
        var batch: [SealedAuditRecord] = []
        for index in 1...records {
            let received = now - Int64(records - index) * 86_400_000 / Int64(records)
            let outside = index % 10 == 0
            var record = AuditRecord(
                id: AuditRecordID.make(at: received + 40), requestID: "req_\(index)", receivedAt: received, firstByteAt: received + 30, doneAt: received + 40,
                tenant: "tenant-\(index % 16)", keyID: "key_bench", endUser: hasher.hash("user-\(index)"), operation: "chat/completions", model: "fin-chat", stream: false,
                backend: outside ? "cloud" : "in-house", zone: outside ? "public" : "private",
                attempts: [AuditAttempt(backend: outside ? "cloud" : "in-house", outcome: "ok", micros: 40_000)], status: index % 20 == 0 ? 429 : 200,
                errorCode: index % 20 == 0 ? "quota_exceeded" : nil, tokensIn: 120, tokensOut: 300, gatewayMicros: 150, upstreamMicros: 40_000, content: nil,
                privacy: AuditPrivacy(
                    level: 1 + index % 4, rule: "policy[0]", zones: ["private"], entities: ["phone": index % 3], keywords: [], masked: outside, pseudonyms: 0,
                    restored: 0, invented: 0),
                scenario: index % 3 == 0 ? "research" : nil)
            record.quality = AuditQuality(verdict: "pass", rules: [], figures: 3, unsupported: 0, retries: 0)
            var sealed = SealedAuditRecord(record: record, body: AuditChain.canonicalBody(record))
            head = sealed.place(after: head)
            batch.append(sealed)
            if batch.count == 5_000 || index == records {
                try await store.appendAudit(batch, checkpoint: nil)
                batch.removeAll(keepingCapacity: true)
            }
        }
    }

    /// A day of the same exchanges in the traffic monitor, as the overview reads it.
    static func fillTraffic(_ monitor: TrafficMonitor, exchanges: Int) {
        let now = Date()
        for index in 0..<exchanges {
            monitor.record(ExchangeSummary(
                requestID: "req_\(index)", receivedAt: now.addingTimeInterval(-86_000 * Double(exchanges - index) / Double(exchanges)), operation: "chat/completions",
                tenant: "tenant-\(index % 16)", scenario: index % 3 == 0 ? "research" : "", level: 1 + index % 4, zone: "private", destination: .privateZone,
                backend: "in-house", status: 200, totalMicros: 40_150 + Int64(index % 97) * 100, upstreamMicros: 40_000, tokensIn: 120, tokensOut: 300,
                cost: Decimal(string: "0.0021")!, verdict: "pass", figures: 3))
        }
    }
}
