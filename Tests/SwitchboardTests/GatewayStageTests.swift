import GRDB
import Synchronization
import Backends
import Config
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Store
import Testing
import Wire
@testable import Gateway
@testable import Server

@Suite("Pipeline stages and routes")
struct GatewayStageTests {
    static func temporaryStore() throws -> SQLiteStore {
        try SQLiteStore(path: ScratchSpace.database("stage"))
    }

    func parse(_ body: String, _ operation: UpstreamRequest.Operation = .chatCompletions) throws(APIError) -> ParsedRequest {
        try ParseStage.parse(ByteBuffer(string: body), operation: operation)
    }

    @Test("bearer tokens: the scheme in any case, blanks around the token ignored, anything else refused")
    func bearerTokens() {
        #expect(BearerToken.parse("Bearer sk-sb-abc") == "sk-sb-abc")
        #expect(BearerToken.parse("  bEaReR \t sk-sb-abc  ") == "sk-sb-abc")
        #expect(BearerToken.parse("Bearer 密钥") == "密钥")
        for bad in [nil, "", "Bearer", "Bearer   ", "Bearersk-sb-abc", "Basic abc", "Bear abc"] as [String?] {
            #expect(BearerToken.parse(bad) == nil, "\(bad ?? "nil")")
        }
    }

    @Test("the exchange log writes durations as milliseconds with three decimals")
    func logMilliseconds() {
        #expect(ExchangeLog.milliseconds(.microseconds(12_345)) == "12.345")
        #expect(ExchangeLog.milliseconds(.zero) == "0.000")
        #expect(ExchangeLog.milliseconds(.microseconds(7)) == "0.007")
        #expect(ExchangeLog.milliseconds(.seconds(2)) == "2000.000")
        #expect(ExchangeLog.milliseconds(.microseconds(-1_500)) == "-1.500")
        var fields = JSONLogFields()
        fields.add("latency_ms", millisecondsOf: 1_234_567)
        fields.add("status", decimal: 200)
        fields.add("zero", decimal: 0)
        fields.add("negative", decimal: -42)
        #expect(fields.description == #"{"latency_ms":"1234.567","status":"200","zero":"0","negative":"-42"}"#)
    }

    @Test("parsing reads model, stream and include_usage and nothing else")
    func parsing() throws {
        let parsed = try parse(#"{"model":"fin-chat","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true},"tools":[{"any":"thing"}]}"#)
        #expect(parsed.alias == "fin-chat")
        #expect(parsed.stream)
        #expect(parsed.includeUsage)
        let plain = try parse(#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":null}"#)
        #expect(!plain.stream && !plain.includeUsage)
        #expect(try parse(#"{"model":"m","input":["a","b"]}"#, .embeddings).alias == "m")
    }

    @Test("parsing errors name the parameter", arguments: [
        (#"{"messages":[{}]}"#, "model"),
        (#"{"model":"","messages":[{}]}"#, "model"),
        (#"{"model":"m","messages":{}}"#, "messages"),
        (#"{"model":"m","messages":[ ]}"#, "messages"),
        (#"{"model":"m","messages":[{}],"stream_options":[]}"#, "stream_options"),
        (#"{"model":"m","messages":[{}],"stream_options":{"include_usage":"yes"}}"#, "stream_options.include_usage"),
    ])
    func parseErrors(body: String, param: String) {
        #expect(throws: APIError.self) { try parse(body) }
        do {
            _ = try parse(body)
        } catch {
            #expect(error.status == 400)
            #expect(error.param == param)
        }
    }

    @Test("message shapes the gateway relies on are checked, with the JSON path", arguments: [
        (#"[1]"#, "messages[0]", "invalid_type"),
        (#"[{"content":"x"}]"#, "messages[0].role", "missing_required_parameter"),
        (#"[{"role":"user","content":"x"},{"role":"客户","content":"x"}]"#, "messages[1].role", "invalid_value"),
        (#"[{"role":7,"content":"x"}]"#, "messages[0].role", "invalid_type"),
        (#"[{"role":"user","content":{"text":"x"}}]"#, "messages[0].content", "invalid_type"),
        (#"[{"role":"user"}]"#, "messages[0].content", "missing_required_parameter"),
        (#"[{"role":"user","content":null}]"#, "messages[0].content", "invalid_type"),
        (#"[{"role":"user","content":[{"type":"text","text":"a"},"b"]}]"#, "messages[0].content[1]", "invalid_type"),
        (#"[{"role":"user","content":[{"text":"a"}]}]"#, "messages[0].content[0].type", "missing_required_parameter"),
        (#"[{"role":"user","content":[{"type":1,"text":"a"}]}]"#, "messages[0].content[0].type", "invalid_type"),
    ])
    func messageShapes(messages: String, path: String, code: String) {
        do {
            _ = try parse(#"{"model":"m","messages":\#(messages)}"#)
            Issue.record("\(messages) was accepted")
        } catch {
            #expect(error.status == 400)
            #expect(error.param == path)
            #expect(error.code == code)
            #expect(error.message.contains(path))
        }
    }

    @Test("shapes OpenAI accepts pass: null assistant content, unknown part types and fields")
    func acceptedShapes() throws {
        _ = try parse(#"{"model":"m","messages":[{"role":"developer","content":"d"},{"role":"user","content":[{"type":"x_custom","data":{}}],"x":1},{"role":"assistant","content":null,"tool_calls":[]},{"role":"assistant"},{"role":"tool","tool_call_id":"c","content":[]}]}"#)
    }

    @Test("unknown keys are remembered briefly: a key written by another process after a failed try works once that time passes")
    func unknownKeysRemembered() async throws {
        let path = ScratchSpace.database("stage")
        let store = try SQLiteStore(path: path)
        let now = Mutex(ContinuousClock.now)
        let authenticator = APIKeyAuthenticator(store: store, cacheLifetime: .zero, unknownKeyLifetime: .seconds(2), clock: { now.withLock { $0 } })
        let secret = APIKeySecret.generate()
        await #expect(throws: APIError.self) { try await authenticator.authenticate(authorization: "Bearer \(secret)") }
        // `switchboard keys create` in another process writes the key to the same database.
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO tenant (name, created_at) VALUES ('acme', ?)", arguments: [Date()])
            try db.execute(
                sql: "INSERT INTO api_key (id, tenant, role, digest, prefix, created_at) VALUES ('key_later', 'acme', 'app', ?, 'sk-sb-late', ?)",
                arguments: [APIKeySecret.digest(secret), Date()])
        }
        now.withLock { $0 += .seconds(1) }
        await #expect(throws: APIError.self, "still remembered as unknown") { try await authenticator.authenticate(authorization: "Bearer \(secret)") }
        now.withLock { $0 += .seconds(2) }
        #expect(try await authenticator.authenticate(authorization: "Bearer \(secret)").tenant == "acme")
    }

    @Test("authentication accepts an active key, refuses unknown and revoked ones")
    func authentication() async throws {
        let store = try Self.temporaryStore()
        let authenticator = APIKeyAuthenticator(store: store, cacheLifetime: .zero)
        let created = try await store.createKey(tenant: "华泰", role: .app)
        let caller = try await authenticator.authenticate(authorization: "Bearer \(created.secret)")
        #expect(caller == Caller(keyID: created.record.id, tenant: "华泰", role: .app))
        await #expect(throws: APIError.self) { try await authenticator.authenticate(authorization: "Bearer sk-sb-nope") }
        await #expect(throws: APIError.self) { try await authenticator.authenticate(authorization: created.secret) }
        await #expect(throws: APIError.self) { try await authenticator.authenticate(authorization: nil) }
        #expect(try await store.revokeKey(id: created.record.id))
        await #expect(throws: APIError.self) { try await authenticator.authenticate(authorization: "Bearer \(created.secret)") }
        #expect(try await store.keyCount(role: .app) == 1)
        #expect(try await store.tenantNames() == ["华泰"])
    }

    @Test("backend statuses map to what the app should see")
    func upstreamStatusMapping() {
        func mapped(_ status: Int) -> Int {
            UpstreamErrorMapper.apiError(for: UpstreamFailure(backend: "b", kind: .status(status), message: "m")).status
        }
        #expect(mapped(400) == 400)
        #expect(mapped(422) == 422)
        #expect(mapped(429) == 429)
        #expect(mapped(401) == 502, "the backend refusing the gateway's key is not the app's fault")
        #expect(mapped(403) == 502)
        #expect(mapped(301) == 502)
        #expect(mapped(503) == 502)
    }

    @Test("the catalog hides aliases from tenants they are not for")
    func catalog() throws {
        let catalog = ModelCatalog(models: [
            ModelConfig(alias: "open", targets: [ModelTarget(backend: "b")]),
            ModelConfig(alias: "vip", targets: [ModelTarget(backend: "b")], tenants: ["vip"]),
        ])
        #expect(try catalog.resolve(alias: "vip", tenant: "vip").alias == "vip")
        #expect(throws: APIError.modelNotFound("vip")) { try catalog.resolve(alias: "vip", tenant: "acme") }
        let list = String(decoding: catalog.listBody(tenant: "acme"), as: UTF8.self)
        #expect(list.contains(#""id":"open""#) && !list.contains("vip"))
    }

    @Test("routes: health, unknown paths and missing keys answer in OpenAI shape")
    func routes() async throws {
        let store = try Self.temporaryStore()
        var server = ServerConfig.defaults
        server.port = 0
        let config = SwitchboardConfig(
            server: server, store: .defaults,
            backends: [BackendConfig(name: "b", kind: .openai, url: "http://127.0.0.1:1/v1", zone: .private)],
            models: [ModelConfig(alias: "m", targets: [ModelTarget(backend: "b")])], sourceFile: nil)
        let gateway = try await Gateway(config: config, store: store, logger: Logger(label: "test"))
        let auditWriter = Task { await gateway.audit.run() }
        defer { auditWriter.cancel() }
        let key = try await store.createKey(tenant: "t", role: .app)
        // Live: the model calls are answered on the connection, ahead of the router.
        let app = SwitchboardServer.makeApplication(gateway: gateway, logger: Logger(label: "test")) { _ in }
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/unknown", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains(#""code":"not_found""#))
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains(#""type":"authentication_error""#))
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer \(key.secret)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""id":"m""#))
            }
            try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(key.secret)"],
                body: ByteBuffer(string: #"{"model":"m","messages":[{"role":"user","content":"x"}]}"#)
            ) { response in
                #expect(response.status == .badGateway)
                #expect(String(buffer: response.body).contains(#""code":"upstream_unreachable""#))
            }
            try await client.execute(uri: "/admin/audit", method: .get, headers: [.authorization: "Bearer \(key.secret)"]) { response in
                #expect(response.status == .forbidden)
            }
        }
        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.sealed.status) == [401, 502], "the unauthenticated and the failed chat call each left a record")
        await gateway.shutdown()
    }
}
