import Audit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Synchronization
import Testing
import Wire
@testable import Config
@testable import Gateway
@testable import Server

/// The console in-process: its router against a gateway whose model is a scripted double, with
/// sessions, form tokens, roles, the pages' content and the playground's report; and its parts
/// (sessions and the sign-in limiter on an injected clock, forms, languages, redaction, charts).
@Suite("Console")
struct ConsoleTests {
    /// A browser's cookies and the session's form token, kept between requests.
    final class Browser: Sendable {
        private let jar = Mutex<[String: String]>([:])

        var cookies: [String: String] { jar.withLock { $0 } }

        var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

        func keep(_ response: TestResponse) {
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0])
                let content = pair.count > 1 ? String(pair[1]) : ""
                jar.withLock { jar in jar[name] = content.isEmpty || value.contains("Max-Age=0") ? nil : content }
            }
        }
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in with `key` and returns the session's form token.
    static func signIn(_ client: some TestClientProtocol, _ browser: Browser, key: String, status expected: HTTPResponse.Status = .seeOther) async throws -> String? {
        let form = try await client.execute(uri: "/console/sign-in", method: .get, headers: [.cookie: browser.cookieHeader])
        browser.keep(form)
        let token = csrf(in: String(buffer: form.body)) ?? ""
        let body = "csrf=\(token)&api_key=\(key)"
        let response = try await client.execute(
            uri: "/console/sign-in", method: .post, headers: [.cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
        #expect(response.status == expected)
        browser.keep(response)
        guard response.status == .seeOther else { return nil }
        let page = try await client.execute(uri: response.headers[.location] ?? "/console", method: .get, headers: [.cookie: browser.cookieHeader])
        return csrf(in: String(buffer: page.body))
    }

    static func get(_ client: some TestClientProtocol, _ browser: Browser, _ uri: String) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookieHeader])
        browser.keep(response)
        return (response.status, String(buffer: response.body), response.headers)
    }

    static func post(_ client: some TestClientProtocol, _ browser: Browser, _ uri: String, _ form: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(
            uri: uri, method: .post, headers: [.cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
        browser.keep(response)
        return (response.status, String(buffer: response.body))
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test("sign-in: a session cookie (HttpOnly, SameSite=Strict), security headers, roles, form tokens, sign-out")
    func signInAndRoles() async throws {
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        let auditor = try await harness.store.createKey(tenant: "ops", role: .auditor).secret
        let approver = try await harness.store.createKey(tenant: "ops", role: .approver).secret
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            // Not signed in: pages send one to the sign-in form.
            let anonymous = try await client.execute(uri: "/console/keys", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/console/sign-in")

            let browser = Browser()
            let form = try await client.execute(uri: "/console/sign-in", method: .get)
            browser.keep(form)
            #expect(form.headers[values: .setCookie].first?.contains("HttpOnly") == true)
            // Without the sign-in form's token, even the right key is refused.
            let forged = try await client.execute(
                uri: "/console/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "api_key=\(admin)"))
            #expect(forged.status == .forbidden)

            let token = try #require(try await Self.signIn(client, browser, key: admin))
            #expect(browser.cookies["sb_session"] != nil)
            let (status, html, headers) = try await Self.get(client, browser, "/console")
            #expect(status == .ok)
            #expect(html.contains(#"id="kpi-requests""#) && html.contains(#"<svg id="chart-traffic""#))
            let policy = try #require(headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(!html.contains("<script>") && !html.contains(" style="))

            // A form without this session's token is refused, and changes nothing.
            let keysBefore = try await harness.store.listKeys().count
            let (refused, refusal) = try await Self.post(client, browser, "/console/keys", "tenant=acme&role=app")
            #expect(refused == .forbidden && refusal.contains(#"id="csrf-refused""#))
            let (wrong, _) = try await Self.post(client, browser, "/console/keys", "tenant=acme&role=app&csrf=\(String(repeating: "0", count: 64))")
            #expect(wrong == .forbidden)
            #expect(try await harness.store.listKeys().count == keysBefore)

            // A form another site posted is refused even with the token; a browser's
            // same-origin post under Referrer-Policy: no-referrer (Origin: null) is not.
            for (name, value) in [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")] {
                let crossSite = try await client.execute(
                    uri: "/console/keys", method: .post,
                    headers: [.cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded", HTTPField.Name(name)!: value],
                    body: ByteBuffer(string: "csrf=\(token)&tenant=acme&role=app"))
                #expect(crossSite.status == .forbidden)
            }
            let sameSite = try await client.execute(
                uri: "/console/keys", method: .post,
                headers: [
                    .cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded", HTTPField.Name("Origin")!: "null",
                    HTTPField.Name("Sec-Fetch-Site")!: "same-origin",
                ],
                body: ByteBuffer(string: "csrf=\(token)&tenant=acme&role=app"))
            #expect(sameSite.status == .ok)
            #expect(try await harness.store.listKeys().count == keysBefore + 1)

            // Sign-out ends the session.
            let (signedOut, _) = try await Self.post(client, browser, "/console/sign-out", "csrf=\(token)")
            #expect(signedOut == .seeOther)
            let (after, _, _) = try await Self.get(client, browser, "/console")
            #expect(after == .seeOther)

            let auditorBrowser = Browser()
            _ = try await Self.signIn(client, auditorBrowser, key: auditor)
            let (keys, keysPage, _) = try await Self.get(client, auditorBrowser, "/console/keys")
            #expect(keys == .forbidden && keysPage.contains(#"id="forbidden""#))
            #expect(try await Self.get(client, auditorBrowser, "/console/config").0 == .forbidden)
            #expect(try await Self.get(client, auditorBrowser, "/console/audit").0 == .ok)
            let (tenants, tenantsPage, _) = try await Self.get(client, auditorBrowser, "/console/tenants")
            #expect(tenants == .ok && !tenantsPage.contains(#"id="tenant-form""#))
            #expect(!(try await Self.get(client, auditorBrowser, "/console").1.contains("/console/keys")))

            let approverBrowser = Browser()
            _ = try await Self.signIn(client, approverBrowser, key: approver)
            #expect(try await Self.get(client, approverBrowser, "/console").0 == .forbidden)
            #expect(try await Self.get(client, approverBrowser, "/console/approvals").0 == .ok)

            // An app key cannot sign in.
            _ = try await Self.signIn(client, Browser(), key: harness.appKey, status: .forbidden)
        }
    }

    @Test("sign-in failures: audited with status 401, and the sixth from one address within the window gets 429")
    func signInFailuresAreLimitedAndAudited() async throws {
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            for _ in 0..<5 { _ = try await Self.signIn(client, browser, key: "sk-sb-wrong", status: .unauthorized) }
            _ = try await Self.signIn(client, browser, key: "sk-sb-wrong", status: .tooManyRequests)
            // Even the right key waits now.
            _ = try await Self.signIn(client, browser, key: admin, status: .tooManyRequests)
        }
        let records = try await harness.gateway.auditStorage.auditRecords(matching: AuditQuery(limit: 100)).compactMap { $0.decodedRecord() }
        let signIns = records.filter { $0.operation == "console/sign-in" }
        #expect(signIns.filter { $0.status == 401 }.count == 5)
        #expect(signIns.filter { $0.status == 429 }.count == 2)
    }

    @Test("keys: created and shown once, revoked, audited; a revoked key's console session ends")
    func keys() async throws {
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        let other = try await harness.store.createKey(tenant: "ops", role: .admin)
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            let token = try #require(try await Self.signIn(client, browser, key: admin))
            let (status, page) = try await Self.post(client, browser, "/console/keys", "csrf=\(token)&tenant=\(Self.encoded("中信证券"))&role=app")
            #expect(status == .ok)
            let marker = try #require(page.range(of: #"<code id="new-key-secret">"#))
            let secret = String(page[marker.upperBound...].prefix { $0 != "<" })
            #expect(secret.hasPrefix("sk-sb-"))
            let created = try #require(try await harness.store.listKeys().first { $0.tenant == "中信证券" })
            #expect(try await harness.gateway.authenticator.authenticate(authorization: "Bearer \(secret)").tenant == "中信证券")
            // Shown once: the list does not show it again.
            #expect(!(try await Self.get(client, browser, "/console/keys").1.contains(secret)))

            let otherBrowser = Browser()
            _ = try await Self.signIn(client, otherBrowser, key: other.secret)
            let (revoked, _) = try await Self.post(client, browser, "/console/keys/\(other.record.id)/revoke", "csrf=\(token)")
            #expect(revoked == .ok)
            #expect(try await Self.get(client, otherBrowser, "/console").0 == .seeOther)
            let (revokedCreated, _) = try await Self.post(client, browser, "/console/keys/\(created.id)/revoke", "csrf=\(token)")
            #expect(revokedCreated == .ok)
            #expect(try await harness.store.listKeys().first { $0.id == created.id }?.isActive == false)
        }
        let operations = try await harness.gateway.auditStorage.auditRecords(matching: AuditQuery(limit: 100)).compactMap { $0.decodedRecord()?.operation }
        #expect(operations.filter { $0 == "admin/keys/create" }.count == 1)
        #expect(operations.filter { $0 == "admin/keys/revoke" }.count == 2)
    }

    @Test("playground: a scenario's chat through the whole gateway, with its tool call, result and audit link beside the answer")
    func playground() async throws {
        let upstream = ScriptedUpstream([.toolCalls([ExchangePipelineTests.calculate("12.5*4")]), .text("合计 50 元。")])
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: upstream)
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            let token = try #require(try await Self.signIn(client, browser, key: admin))
            let (status, page) = try await Self.post(
                client, browser, "/console/playground", "csrf=\(token)&scenario=analyst&model=fin-chat&history=&message=\(Self.encoded("12.5 乘以 4 是多少？"))")
            #expect(status == .ok)
            #expect(page.contains(#"<div class="turn assistant" id="playground-answer">合计 50 元。</div>"#))
            #expect(page.contains(#"<tr class="tool-call"><td>calculate</td>"#))
            #expect(page.contains("12.5*4"))
            #expect(page.contains(#"id="playground-backend">in-house"#))
            let link = try #require(page.range(of: #"id="playground-audit-link" href="/console/audit?request_id="#))
            let requestID = String(page[link.upperBound...].prefix { $0 != "\"" })
            let (_, search, _) = try await Self.get(client, browser, "/console/audit?request_id=\(requestID)")
            #expect(search.contains(#"data-request-id="\#(requestID)""#))
            let sequence = try #require(search.range(of: #"<a class="record-link" href="/console/audit/"#)).upperBound
            let number = String(search[sequence...].prefix { $0.isNumber })
            let (_, record, _) = try await Self.get(client, browser, "/console/audit/\(number)")
            #expect(record.contains(#"<tr class="tool-call"><td>1</td><td>calculate</td>"#))
            // The conversation carries on from the hidden history.
            #expect(page.contains("12.5 乘以 4 是多少？"))
        }
        let summary = try #require(harness.gateway.traffic.recent().first)
        #expect(summary.scenario == "analyst" && summary.backend == "in-house" && summary.status == 200)
    }

    @Test("audit search: newest first, each filter, paging back, a record's detail, and a range verified")
    func auditSearch() async throws {
        let upstream = ScriptedUpstream((0..<6).map { _ in .text("好的。") })
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: upstream)
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        for index in 0..<6 {
            let headers = index % 2 == 0 ? ["x-switchboard-user": "客户-\(index)", "x-switchboard-scenario": "analyst"] : ["x-switchboard-user": "客户-\(index)"]
            let reply = await harness.chat(#"{"model":"fin-chat","messages":[{"role":"user","content":"第\#(index)个问题"}]}"#, headers: headers)
            #expect(reply.status == 200)
        }
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            let token = try #require(try await Self.signIn(client, browser, key: admin))
            let (_, all, _) = try await Self.get(client, browser, "/console/audit?tenant=acme")
            let sequences = all.components(separatedBy: #"<tr data-sequence=""#).dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            #expect(sequences.count == 6 && sequences == sequences.sorted(by: >))
            let (_, scenario, _) = try await Self.get(client, browser, "/console/audit?scenario=analyst")
            #expect(scenario.components(separatedBy: #"<tr data-sequence=""#).count - 1 == 3)
            let (_, user, _) = try await Self.get(client, browser, "/console/audit?end_user=\(Self.encoded("客户-3"))")
            #expect(user.components(separatedBy: #"<tr data-sequence=""#).count - 1 == 1)
            let (_, level, _) = try await Self.get(client, browser, "/console/audit?level=1&zone=private&backend=in-house&status=200")
            #expect(level.components(separatedBy: #"<tr data-sequence=""#).count - 1 == 6)
            let (_, none, _) = try await Self.get(client, browser, "/console/audit?zone=public")
            #expect(none.contains(#"<tr class="empty">"#))
            let (_, bad, _) = try await Self.get(client, browser, "/console/audit?level=9")
            #expect(bad.contains(#"id="audit-query-error""#))
            let (_, older, _) = try await Self.get(client, browser, "/console/audit?tenant=acme&before=\(sequences[2])")
            #expect(older.components(separatedBy: #"<tr data-sequence=""#).count - 1 == 3)

            let (_, verified) = try await Self.post(client, browser, "/console/audit/verify", "csrf=\(token)&from_sequence=2&to_sequence=5")
            #expect(verified.contains(#"id="verify-result" class="notice ok""#))
            let (_, refused) = try await Self.post(client, browser, "/console/audit/verify", "csrf=\(token)&from_sequence=5&to_sequence=2")
            #expect(refused.contains(#"id="verify-result" class="notice bad""#))
        }
    }

    @Test("tenants: a policy set from the form (blank is no limit), suspended and resumed, usage shown and downloaded as CSV")
    func tenants() async throws {
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([.text("好。")]))
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        #expect(await harness.chat(#"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}]}"#).status == 200)
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            let token = try #require(try await Self.signIn(client, browser, key: admin))
            let name = Self.encoded("华夏基金")
            let (saved, page) = try await Self.post(
                client, browser, "/console/tenants", "csrf=\(token)&name=\(name)&share=3&requests_per_minute=60&tokens_per_day=&budget_kind=prepaid&budget_amount=500.25")
            #expect(saved == .ok && page.contains(#"class="notice ok""#))
            let policy = harness.gateway.poolServices.tenants.policy(for: "华夏基金")
            #expect(policy.share == 3 && policy.requestsPerMinute == 60 && policy.tokensPerDay == nil && policy.budget == .prepaid(Decimal(string: "500.25")!))
            _ = try await Self.post(client, browser, "/console/tenants", "csrf=\(token)&name=\(name)&share=3&models=fin-chat&scenarios=analyst%2C+trader")
            let limited = harness.gateway.poolServices.tenants.policy(for: "华夏基金")
            #expect(limited.models == ["fin-chat"] && limited.scenarios == ["analyst", "trader"])
            // Edit fills the form with the policy as it stands.
            let (_, editing, _) = try await Self.get(client, browser, "/console/tenants?edit=\(name)")
            #expect(editing.contains(#"name="share" inputmode="numeric" value="3""#) && editing.contains(#"name="scenarios" placeholder="advisor" value="analyst, trader""#))
            let (_, unknownModel) = try await Self.post(client, browser, "/console/tenants", "csrf=\(token)&name=\(name)&models=gpt-9")
            #expect(unknownModel.contains(#"class="notice bad""#) && unknownModel.contains("gpt-9"))
            let (_, invalid) = try await Self.post(client, browser, "/console/tenants", "csrf=\(token)&name=x&share=many")
            #expect(invalid.contains(#"class="notice bad""#) && invalid.contains("share"))
            _ = try await Self.post(client, browser, "/console/tenants/\(name)/suspend", "csrf=\(token)")
            #expect(harness.gateway.poolServices.tenants.policy(for: "华夏基金").suspended)
            _ = try await Self.post(client, browser, "/console/tenants/\(name)/resume", "csrf=\(token)")
            #expect(!harness.gateway.poolServices.tenants.policy(for: "华夏基金").suspended)
            let (_, tenants, _) = try await Self.get(client, browser, "/console/tenants")
            #expect(tenants.contains(#"<tr data-tenant="acme">"#))
            let (csvStatus, csv, headers) = try await Self.get(client, browser, "/console/tenants/usage.csv")
            #expect(csvStatus == .ok && headers[.contentType]?.hasPrefix("text/csv") == true && csv.hasPrefix("day,tenant"))
            #expect(csv.contains(",acme,"))
        }
    }

    @Test("config: the running configuration with secrets redacted, and a proposed one's errors by file, line and key")
    func configuration() async throws {
        let yaml = ExchangePipelineTests.yaml().replacingOccurrences(
            of: #"zone: private }"#, with: #"zone: private, api_key: "sk-upstream-secret" }"#)
        #expect(yaml.contains("sk-upstream-secret"))
        let harness = try await InProcessGateway.start(yaml: yaml, upstream: ScriptedUpstream([]))
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        let redacted = ConfigRedaction.redacted(yaml: yaml)
        #expect(!redacted.contains("sk-upstream-secret") && redacted.contains("api_key: <redacted>") && redacted.contains("你是{{tenant}}的分析助手。"))
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            let token = try #require(try await Self.signIn(client, browser, key: admin))
            let (_, page, _) = try await Self.get(client, browser, "/console/config")
            #expect(page.contains(#"id="running-config""#))
            let proposed = "server:\n  port: seventy\nbackends: []\n"
            let (_, checked) = try await Self.post(client, browser, "/console/config", "csrf=\(token)&proposed=\(Self.encoded(proposed))")
            #expect(checked.contains(#"<li class="config-error">proposed.yaml:2"#) && checked.contains("server.port"))
            let (_, valid) = try await Self.post(client, browser, "/console/config", "csrf=\(token)&proposed=\(Self.encoded(ExchangePipelineTests.yaml()))")
            #expect(valid.contains(#"id="config-valid""#))
        }
    }

    @Test("a proposed configuration's errors never show the values of the variables it refers to")
    func proposedConfigurationHidesVariables() {
        #expect(EnvironmentInterpolation.referencedNames(in: "a: ${KEY}\nb: ${PORT:-80}\nc: $${LITERAL}\nd: ${KEY}") == ["KEY", "PORT"])
        let proposed = "server:\n  listen: \"${LISTEN}\"\n"
        let environment = ["LISTEN": "sk-secret-value", "OTHER": "sk-secret-value-2"]
        do {
            _ = try ConfigLoader.parse(yaml: proposed, file: "proposed.yaml", environment: environment)
            Issue.record("a listen address of 'sk-secret-value' was accepted")
        } catch {
            let message = error.diagnostics.map(\.description).joined()
            #expect(message.contains("sk-secret-value"))
            let shown = ConfigPage.withoutVariableValues(message, proposed: proposed, environment: environment)
            #expect(!shown.contains("sk-secret-value") && shown.contains("${LISTEN}"))
        }
    }

    @Test("pages in English and Chinese: ?lang= picks and is remembered, Accept-Language decides otherwise")
    func languages() async throws {
        #expect(ConsoleLanguage.choose(query: nil, cookie: nil, acceptLanguage: "en-US,en;q=0.9,zh;q=0.5") == .english)
        #expect(ConsoleLanguage.choose(query: nil, cookie: nil, acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.5") == .chinese)
        #expect(ConsoleLanguage.choose(query: "en", cookie: "zh", acceptLanguage: "zh-CN") == .english)
        #expect(ConsoleLanguage.choose(query: nil, cookie: "en", acceptLanguage: "zh-CN") == .english)
        #expect(ConsoleText.format("verify_ok", .english, ["1", "5", "5", "0"]).hasPrefix("Records 1 to 5 verify"))
        let harness = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let admin = try await harness.store.createKey(tenant: "ops", role: .admin).secret
        let app = Application(router: SwitchboardServer.makeRouter(gateway: harness.gateway))
        try await app.test(.router) { client in
            let browser = Browser()
            _ = try await Self.signIn(client, browser, key: admin)
            let (_, english, _) = try await Self.get(client, browser, "/console?lang=en")
            #expect(english.contains(#"<html lang="en">"#) && english.contains(">Overview</a>"))
            let (_, remembered, _) = try await Self.get(client, browser, "/console/audit")
            #expect(remembered.contains(#"<html lang="en">"#))
            let (_, chinese, _) = try await Self.get(client, browser, "/console?lang=zh")
            #expect(chinese.contains(#"<html lang="zh-CN">"#) && chinese.contains(">概览</a>"))
        }
    }

    @Test("sessions end when idle and at their lifetime (injected clock); the limiter forgets failures outside its window")
    func sessionsAndLimiterOnAClock() {
        let now = ManualInstant()
        let sessions = ConsoleSessions(idle: .seconds(60), lifetime: .seconds(300), clock: { now.value })
        let caller = Caller(keyID: "k", tenant: "t", role: .admin)
        let session = sessions.start(caller: caller, keyDigest: "d")
        now.advance(.seconds(59))
        #expect(sessions.session(token: session.token) != nil)
        now.advance(.seconds(59))
        #expect(sessions.session(token: session.token) != nil)
        now.advance(.seconds(61))
        #expect(sessions.session(token: session.token) == nil)
        let busy = sessions.start(caller: caller, keyDigest: "d")
        // Busy every 50 s, it still ends 300 s after sign-in.
        for _ in 0..<5 {
            now.advance(.seconds(50))
            #expect(sessions.session(token: busy.token) != nil)
        }
        now.advance(.seconds(50))
        #expect(sessions.session(token: busy.token) == nil)

        let limiter = SignInLimiter(attempts: 3, window: .seconds(60), clock: { now.value })
        for _ in 0..<3 { limiter.recordFailure("10.0.0.1") }
        #expect(limiter.retryAfter("10.0.0.1") == .seconds(60))
        #expect(limiter.retryAfter("10.0.0.2") == nil)
        now.advance(.seconds(61))
        #expect(limiter.retryAfter("10.0.0.1") == nil)
    }

    @Test("the traffic monitor: minute tallies summed over a window, percentiles, the newest exchanges, followers")
    func trafficMonitor() async {
        let monitor = TrafficMonitor(keptMinutes: 60, keptRecent: 3)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let feed = monitor.follow()
        for index in 0..<10 {
            monitor.record(ExchangeSummary(
                requestID: "r\(index)", receivedAt: start.addingTimeInterval(Double(index) * 60), operation: "chat/completions", tenant: index % 2 == 0 ? "a" : "b",
                level: 1 + index % 3, zone: "private", destination: index == 9 ? .outMasked : .privateZone, backend: "in-house",
                status: index == 3 ? 429 : 200, totalMicros: 2_000 + Int64(index) * 1_000, upstreamMicros: 1_000, tokensIn: 10, tokensOut: 5,
                cost: Decimal(string: "0.001")!, verdict: "pass", figures: 2, unsupported: index == 0 ? 1 : 0))
        }
        #expect(monitor.recent().map(\.requestID) == ["r9", "r8", "r7"])
        let series = monitor.series(window: .seconds(600), slots: 5, now: start.addingTimeInterval(9 * 60))
        #expect(series.slots.count == 5 && series.slots.map(\.requests) == [2, 2, 2, 2, 2])
        #expect(series.total.requests == 10 && series.total.errors == 1)
        #expect(series.total.tenants["a"]?.cost == Decimal(string: "0.005")!)
        #expect(series.total.destinations[.outMasked] == 1 && series.total.unsupported == 1 && series.total.figures == 20)
        let p50 = try! #require(series.total.gateway.percentile(0.5))
        #expect(p50 >= 5_000 && p50 <= 5_000 * 5 / 4)
        let window = monitor.series(window: .seconds(120), slots: 2, now: start.addingTimeInterval(9 * 60))
        #expect(window.total.requests == 2)
        var received: [String] = []
        for await summary in feed {
            received.append(summary.requestID)
            if received.count == 10 { break }
        }
        #expect(received.first == "r0" && received.last == "r9")
    }

    @Test("every finished exchange reaches the traffic monitor with its level, backend and exact cost")
    func exchangesReachTheMonitor() async throws {
        let yaml = ExchangePipelineTests.yaml() + "\n" + """
            prices:
              - { backend: in-house, input_per_million: "4.00", output_per_million: "12.00" }

            """
        let harness = try await InProcessGateway.start(yaml: yaml, upstream: ScriptedUpstream([.text("好的。")]))
        #expect(await harness.chat(#"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}]}"#).status == 200)
        #expect(await harness.chat(#"{"model":"no-such-model","messages":[{"role":"user","content":"你好"}]}"#).status == 404)
        let recent = harness.gateway.traffic.recent()
        #expect(recent.count == 2)
        let answered = try #require(recent.last)
        // 11 prompt and 7 completion tokens at 4.00 and 12.00 per million.
        #expect(answered.cost == Decimal(string: "0.000128")! && answered.tokensIn == 11 && answered.tokensOut == 7)
        #expect(answered.backend == "in-house" && answered.destination == .privateZone && answered.level == 1 && answered.tenant == "acme")
        let refused = try #require(recent.first)
        #expect(refused.status == 404 && refused.destination == .nowhere && refused.cost == 0)
    }

    @Test("forms and charts: percent and plus decoding, escaped SVG text")
    func formsAndCharts() {
        let form = FormBody("a=1&name=%E4%B8%AD%E4%BF%A1+%E8%AF%81%E5%88%B8&empty=&flag")
        #expect(form["a"] == "1" && form["name"] == "中信 证券" && form["empty"] == "" && form["flag"] == "" && form.trimmed("empty") == nil)
        let chart = SVGChart.bars(id: "c", primary: [1, 3], secondary: [0, 1], labels: ["<a>", "b"], title: "x\"y")
        #expect(chart.contains("&lt;a&gt;") && chart.contains("x&quot;y") && !chart.contains("style="))
        #expect(chart.components(separatedBy: "<rect").count - 1 == 3)
        // Tool results are laid out with their numbers exactly as written (never through Double).
        #expect(ConsoleFormat.prettyJSON(#"{"last":185.19,"b":[0.1,"贵州茅台"],"a":{}}"#) == "{\n  \"a\": {},\n  \"b\": [\n    0.1,\n    \"贵州茅台\"\n  ],\n  \"last\": 185.19\n}")
        #expect(ConsoleFormat.prettyJSON("not json") == "not json")
    }
}

/// A monotonic instant that a test moves by hand.
final class ManualInstant: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var value: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
}

