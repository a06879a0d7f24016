import Foundation
import Testing

/// End to end with two model doubles, one private and one public: zone routing by data level,
/// masking on the way out and restoration on the way back, and failing closed.
@Suite("Privacy end to end")
struct PrivacyEndToEndTests {
    static let idNumber = "11010519491231002X"
    static let mobile = "13812345678"
    static let email = "zhang.wei@example.com"

    /// A gateway in front of `private` and `public` fakes; `fin-chat` tries the public one first.
    static func gateway(private privateURL: String, public publicURL: String, policy: String? = nil, extra: String = "") async throws -> GatewayProcess {
        var yaml = gatewayYAML(
            backends: [
                #"{ name: in-house, kind: openai, url: "\#(privateURL)/v1", zone: private }"#,
                #"{ name: maas, kind: openai, url: "\#(publicURL)/v1", zone: public }"#,
            ],
            models: [
                "{ alias: fin-chat, targets: [maas, in-house], max_attempts: 2 }",
                "{ alias: cloud-only, targets: [maas] }",
            ])
        if let policy { yaml += "\npolicy:\n\(policy)\n" }
        yaml += extra
        return try await GatewayProcess(yaml: yaml)
    }

    /// Masks everything up to L3 for the public zone, keeps L4 and up in the house.
    static let maskingPolicy = """
          - { level: ">=4", zones: [private] }
          - { level: ">=2", zones: [private, public], mask: true }
          - { level: "1", zones: [private, public] }
        """

    static func chat(_ text: String, model: String = "fin-chat", stream: Bool = false) -> String {
        let content = String(data: try! JSONSerialization.data(withJSONObject: [text], options: []), encoding: .utf8)!.dropFirst().dropLast()
        return #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"system","content":"你是客服助手。"},{"role":"user","content":\#(content)}]}"#
    }

    static func received(_ fake: FakeProviderProcess) async throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: try await fake.requests()), as: UTF8.self)
    }

    static func auditRecords(_ gateway: GatewayProcess) async throws -> (body: String, records: [[String: Any]]) {
        let auditor = try gateway.createKey(tenant: "regulator", role: "auditor")
        let listing = try await HTTP.send("GET", gateway.baseURL + "/admin/audit?limit=50", headers: [("authorization", "Bearer \(auditor)")])
        let records = (listing.json["data"] as? [[String: Any]] ?? []).compactMap { $0["record"] as? [String: Any] }
        return (listing.body, records)
    }

    @Test("a request with an identity number never reaches the public model, and the audit record says why")
    func identityNumberStaysPrivate() async throws {
        let inHouse = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"已为您查询。"}}]}"#)
        defer { inHouse.stop() }
        let cloud = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"cloud"}}]}"#)
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: inHouse.baseURL, public: cloud.baseURL)
        defer { gateway.stop() }

        let response = try await gateway.post(body: Self.chat("我的身份证号是\(Self.idNumber)，请查询开户状态"))
        #expect(response.status == 200)
        #expect(response.json["model"] as? String == "fin-chat")
        #expect(try await cloud.requests().isEmpty, "the public model saw nothing")
        #expect(try await Self.received(inHouse).contains(Self.idNumber), "the private model got the request as sent")

        // Public data may still use the public model (it is first in the alias's order).
        #expect(try await gateway.post(body: Self.chat("贵州茅台今天涨了多少？")).status == 200)
        #expect(try await cloud.requests().count == 1)

        let (body, records) = try await Self.auditRecords(gateway)
        #expect(!body.contains(Self.idNumber), "values found are never recorded")
        let privacy = try #require(records.first?["privacy"] as? [String: Any])
        #expect(privacy["level"] as? Int == 3)
        #expect(privacy["zones"] as? [String] == ["private"])
        #expect((privacy["rule"] as? String)?.hasPrefix("policy[0]") == true)
        #expect((privacy["entities"] as? [String: Int])?["cn_id_card"] == 1)
        #expect(records.first?["zone"] as? String == "private")
        #expect((records.last?["privacy"] as? [String: Any])?["level"] as? Int == 1)
    }

    @Test("a masked request reaches the public model with pseudonyms, and the JSON answer comes back with the real values")
    func maskedJSONAnswerIsRestored() async throws {
        let inHouse = try await FakeProviderProcess()
        defer { inHouse.stop() }
        let cloud = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"收到：{{echo}}"}}]}"#)
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: inHouse.baseURL, public: cloud.baseURL, policy: Self.maskingPolicy)
        defer { gateway.stop() }

        let question = "客户手机\(Self.mobile)，身份证\(Self.idNumber)，邮箱\(Self.email)，再说一遍手机\(Self.mobile)"
        let response = try await gateway.post(body: Self.chat(question))
        #expect(response.status == 200)
        let content = ((response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
        #expect(content == "收到：\(question)")

        let sent = try await Self.received(cloud)
        for value in [Self.mobile, Self.idNumber, Self.email] { #expect(!sent.contains(value), "\(value) left the house") }
        #expect(sent.contains("[[cn_mobile_1]]"))
        #expect(sent.components(separatedBy: "[[cn_mobile_1]]").count == 3, "the same value gets the same pseudonym")
        #expect(sent.contains("[[cn_id_card_1]]") && sent.contains("[[email_1]]"))
        #expect(try await inHouse.requests().isEmpty)

        let (_, records) = try await Self.auditRecords(gateway)
        let privacy = try #require(records.first?["privacy"] as? [String: Any])
        #expect(privacy["masked"] as? Bool == true)
        #expect(privacy["pseudonyms"] as? Int == 3)
        #expect(privacy["restored"] as? Int == 4)
        #expect(privacy["invented"] as? Int == 0)

        let metrics = try PrometheusText.parse(try await HTTP.send("GET", gateway.baseURL + "/metrics").body)
        #expect(metrics[#"switchboard_privacy_requests_total{level="3",masked="true"}"#] == 1)
        #expect(metrics[#"switchboard_privacy_entities_total{type="cn_mobile"}"#] == 2)
    }

    @Test("tool definitions, response schemas and message names are inspected too: their values are masked or kept in the house")
    func toolDefinitionsAndNamesAreInspected() async throws {
        let inHouse = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"已处理。"}}]}"#)
        defer { inHouse.stop() }
        let cloud = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"ok"}}]}"#)
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: inHouse.baseURL, public: cloud.baseURL, policy: Self.maskingPolicy)
        defer { gateway.stop() }

        let body = """
            {"model":"fin-chat","messages":[{"role":"user","name":"客户\(Self.mobile)","content":"请帮我查一下账户。"}],
             "tools":[{"type":"function","function":{"name":"lookup","description":"查询身份证\(Self.idNumber)名下的账户",
               "parameters":{"type":"object","properties":{"email":{"type":"string","enum":["\(Self.email)"]}}}}}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","description":"回电\(Self.mobile)"}}}}
            """
        let response = try await gateway.post(body: body)
        #expect(response.status == 200)
        let sent = try await Self.received(cloud)
        for value in [Self.mobile, Self.idNumber, Self.email] { #expect(!sent.contains(value), "\(value) left the house") }
        #expect(sent.contains("[[cn_mobile_1]]") && sent.contains("[[cn_id_card_1]]") && sent.contains("[[email_1]]"))
        #expect(sent.contains(#""properties":{"email":"#), "schema keys are structure and stay as they were")

        // Authentication data (L4) in a tool definition keeps the request in the house.
        let secret = #"{"model":"fin-chat","messages":[{"role":"user","content":"你好"}],"tools":[{"type":"function","function":{"name":"login","description":"交易密码 884211"}}]}"#
        #expect(try await gateway.post(body: secret).status == 200)
        #expect(try await Self.received(inHouse).contains("884211"))
        #expect(try await cloud.requests().count == 1, "the public model saw only the masked request")
    }

    @Test("a masked streamed answer is restored even when pseudonyms are split across chunks")
    func maskedStreamIsRestored() async throws {
        let inHouse = try await FakeProviderProcess()
        defer { inHouse.stop() }
        // Two characters per chunk: every pseudonym arrives in many pieces.
        let cloud = try await FakeProviderProcess(script: #"{"rules":[{"chunks":200,"reply":{"content":"确认：{{echo}}。[[cn_mobile_9]]"}}]}"#)
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: inHouse.baseURL, public: cloud.baseURL, policy: Self.maskingPolicy)
        defer { gateway.stop() }

        let question = "请联系\(Self.mobile)或\(Self.email)"
        let response = try await gateway.post(body: Self.chat(question, stream: true))
        #expect(response.status == 200)
        #expect(response.events.last == "[DONE]")
        let chunks = response.events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let pieces = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }
        #expect(pieces.joined() == "确认：\(question)。[[cn_mobile_9]]", "an invented pseudonym is left alone")
        #expect(pieces.count > 10, "the answer was streamed in pieces, not buffered")
        #expect(!(try await Self.received(cloud)).contains(Self.mobile))

        let (_, records) = try await Self.auditRecords(gateway)
        let privacy = try #require(records.first?["privacy"] as? [String: Any])
        #expect(privacy["restored"] as? Int == 2)
        #expect(privacy["invented"] as? Int == 1)
    }

    @Test("tool call arguments are restored before the app sees them, streamed and not")
    func toolArgumentsAreRestored() async throws {
        let inHouse = try await FakeProviderProcess()
        defer { inHouse.stop() }
        let script = #"{"rules":[{"reply":{"tool_calls":[{"name":"lookup_client","arguments":"{\"mobile\":\"[[cn_mobile_1]]\",\"email\":\"[[email_1]]\"}"}]}}]}"#
        let cloud = try await FakeProviderProcess(script: script)
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: inHouse.baseURL, public: cloud.baseURL, policy: Self.maskingPolicy)
        defer { gateway.stop() }
        let question = "查一下客户\(Self.mobile)，邮箱\(Self.email)"

        let response = try await gateway.post(body: Self.chat(question))
        let message = (response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
        let call = ((message?["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])
        let arguments = try #require(call?["arguments"] as? String)
        let decoded = try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as? [String: String]
        #expect(decoded == ["mobile": Self.mobile, "email": Self.email])

        let streamed = try await gateway.post(body: Self.chat(question, stream: true))
        let chunks = streamed.events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let argumentPieces = chunks.compactMap { chunk -> String? in
            let delta = (chunk["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            return ((delta?["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])?["arguments"] as? String
        }
        #expect(argumentPieces.count >= 2)
        let joined = try JSONSerialization.jsonObject(with: Data(argumentPieces.joined().utf8)) as? [String: String]
        #expect(joined == ["mobile": Self.mobile, "email": Self.email])
    }

    @Test("fails closed: no allowed backend is 503 no_allowed_backend naming level and rule, and nothing goes public")
    func failsClosed() async throws {
        let cloud = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"cloud"}}]}"#)
        defer { cloud.stop() }
        // The private backend is down (nothing listens on port 1).
        let gateway = try await Self.gateway(private: "http://127.0.0.1:1", public: cloud.baseURL)
        defer { gateway.stop() }

        let down = try await gateway.post(body: Self.chat("身份证\(Self.idNumber)"))
        #expect(down.status == 503)
        #expect(down.errorCode == "no_allowed_backend")
        #expect(down.errorMessage?.contains("data level 3") == true)
        #expect(down.errorMessage?.contains("policy[0]") == true)

        let cloudOnly = try await gateway.post(body: Self.chat("手机\(Self.mobile)", model: "cloud-only"))
        #expect(cloudOnly.status == 503)
        #expect(cloudOnly.errorCode == "no_allowed_backend")
        #expect(cloudOnly.errorMessage?.contains("maas (public, CN)") == true)

        // The app may raise the level, never lower it.
        let declared = try await gateway.post(body: Self.chat("你好", model: "cloud-only"), headers: [("x-switchboard-data-level", "3")])
        #expect(declared.errorCode == "no_allowed_backend")
        let bad = try await gateway.post(body: Self.chat("你好"), headers: [("x-switchboard-data-level", "9")])
        #expect(bad.status == 400)
        #expect(bad.errorCode == "invalid_data_level")

        #expect(try await cloud.requests().isEmpty, "nothing reached the public model")
        let (_, records) = try await Self.auditRecords(gateway)
        #expect(records.count == 4, "every refused request has its record")
        #expect(records.allSatisfy { $0["status"] as? Int != 200 })
    }

    @Test("a policy with no rule for the level refuses the request")
    func noMatchingRule() async throws {
        let cloud = try await FakeProviderProcess()
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: cloud.baseURL, public: cloud.baseURL, policy: #"  - { level: "1", zones: [private, public] }"#)
        defer { gateway.stop() }
        let refused = try await gateway.post(body: Self.chat("卡号6222021234567890128"))
        #expect(refused.status == 503)
        #expect(refused.errorCode == "no_allowed_backend")
        #expect(refused.errorMessage?.contains("no policy rule matches level 3") == true)
        #expect(try await cloud.requests().isEmpty)
    }

    @Test("audit content: masked keeps the request and answer with pseudonyms, never the values")
    func maskedAuditContent() async throws {
        let inHouse = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"已登记{{echo}}"}}]}"#)
        defer { inHouse.stop() }
        let cloud = try await FakeProviderProcess()
        defer { cloud.stop() }
        let gateway = try await Self.gateway(private: inHouse.baseURL, public: cloud.baseURL, extra: "\naudit:\n  content: masked\n")
        defer { gateway.stop() }

        let question = "身份证\(Self.idNumber)，手机\(Self.mobile)"
        let response = try await gateway.post(body: Self.chat(question))
        #expect(response.status == 200)
        #expect(response.body.contains(Self.idNumber), "the private model's answer reaches the app unmasked")
        let (body, records) = try await Self.auditRecords(gateway)
        #expect(!body.contains(Self.idNumber) && !body.contains(Self.mobile))
        let content = try #require(records.first?["content_masked"] as? String)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any])
        let request = try #require(parsed["request"] as? String)
        #expect(request.contains("身份证[[cn_id_card_1]]，手机[[cn_mobile_1]]"))
        #expect((parsed["response"] as? String)?.contains("已登记身份证[[cn_id_card_1]]，手机[[cn_mobile_1]]") == true, "the same value, the same pseudonym")
        #expect((records.first?["privacy"] as? [String: Any])?["masked"] as? Bool == false, "nothing was masked on the wire")
        let verified = try runToCompletion(
            try BuiltProducts.url("switchboard"), ["audit", "verify", "--config", gateway.configPath], directory: gateway.directory)
        #expect(verified.status == 0, "records with privacy and masked content verify: \(verified.stdout)\(verified.stderr)")
    }
}
