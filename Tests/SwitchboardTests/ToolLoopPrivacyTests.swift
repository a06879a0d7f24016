import Foundation
import Testing

/// The tool loop under the zone policy: every model call of a loop is inspected afresh, so a
/// tool result holding client data moves the next call into the house, and masked tool
/// arguments are restored before a plugin (which runs inside the house) sees them.
@Suite("Tool loop and data zones")
struct ToolLoopPrivacyTests {
    static let idNumber = "11010519491231002X"
    static let mobile = "13812345678"

    /// A gateway whose `fin-chat` tries the public double first, with scenario `desk` offering
    /// `client_lookup`, an HTTP plugin answered by `service`.
    static func gateway(publicURL: String, privateURL: String, service: ServiceDouble, policy: String) async throws -> GatewayProcess {
        var yaml = gatewayYAML(
            backends: [
                #"{ name: maas, kind: openai, url: "\#(publicURL)/v1", zone: public }"#,
                #"{ name: in-house, kind: openai, url: "\#(privateURL)/v1", zone: private }"#,
            ],
            models: ["{ alias: fin-chat, targets: [maas, in-house], max_attempts: 2 }"])
        yaml += """

            policy:
            \(policy)
            plugins:
              http:
                - name: client_lookup
                  description: 查询客户资料。
                  url: "\(service.url)"
                  parameters: { type: object, properties: { phone: { type: string } } }
            scenarios:
              - { name: desk, model: fin-chat, plugins: [client_lookup] }
            """
        return try await GatewayProcess(yaml: yaml)
    }

    static func sent(_ fake: FakeProviderProcess) async throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: try await fake.requests()), as: UTF8.self)
    }

    @Test("a tool result with an identity number moves the next model call from the public backend to the private one")
    func toolResultRaisesTheLevel() async throws {
        let script = """
            {"rules":[
              {"when":"tool_result","reply":{"content":"查到了。"}},
              {"reply":{"toolCalls":[\(ToolLoopEndToEndTests.call("client_lookup", #"{"phone":"unknown"}"#))]}}
            ]}
            """
        let cloud = try await FakeProviderProcess(script: script)
        defer { cloud.stop() }
        let inHouse = try await FakeProviderProcess(script: script)
        defer { inHouse.stop() }
        let service = try await ServiceDouble { _ in #"{"result":{"name":"张伟","id_card":"\#(Self.idNumber)"}}"# }
        defer { service.stop() }
        let gateway = try await Self.gateway(
            publicURL: cloud.baseURL, privateURL: inHouse.baseURL, service: service,
            policy: """
                  - { level: ">=3", zones: [private] }
                  - { level: "<=2", zones: [private, public] }
                """)
        defer { gateway.stop() }

        let response = try await gateway.post(body: ToolLoopEndToEndTests.chat("帮我查一下这位客户", model: "scenario/desk"))
        #expect(response.status == 200)
        #expect(try await cloud.requests().count == 1, "the first call (public data) went to the public backend")
        #expect(try await inHouse.requests().count == 1, "the call after the tool result went in-house")
        #expect(!(try await Self.sent(cloud)).contains(Self.idNumber))
        #expect(try await Self.sent(inHouse).contains(Self.idNumber))
        let record = try #require(try await ToolLoopEndToEndTests.auditRecords(gateway).first)
        #expect((record["privacy"] as? [String: Any])?["level"] as? Int == 3)
        #expect(record["zone"] as? String == "private")
        #expect((record["attempts"] as? [[String: Any]])?.compactMap { $0["backend"] as? String } == ["maas", "in-house"])
    }

    @Test("with masking, the public model sees only pseudonyms at every step, and the plugin gets the real value")
    func maskedArgumentsAreRestoredForThePlugin() async throws {
        let cloud = try await FakeProviderProcess(script: """
            {"rules":[
              {"when":"tool_result","reply":{"content":"客户 [[cn_mobile_1]]：{{tool_results}}"}},
              {"reply":{"toolCalls":[\(ToolLoopEndToEndTests.call("client_lookup", #"{"phone":"[[cn_mobile_1]]"}"#))]}}
            ]}
            """)
        defer { cloud.stop() }
        let inHouse = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"in-house"}}]}"#)
        defer { inHouse.stop() }
        let service = try await ServiceDouble { body in #"{"result":{"asked":\#(body),"name":"张伟"}}"# }
        defer { service.stop() }
        let gateway = try await Self.gateway(
            publicURL: cloud.baseURL, privateURL: inHouse.baseURL, service: service,
            policy: """
                  - { level: ">=4", zones: [private] }
                  - { level: ">=1", zones: [private, public], mask: true }
                """)
        defer { gateway.stop() }

        let response = try await gateway.post(body: ToolLoopEndToEndTests.chat("客户手机号\(Self.mobile)，帮我查资料", model: "scenario/desk"))
        #expect(response.status == 200)
        #expect(service.received.first?.body == #"{"phone":"\#(Self.mobile)"}"#, "the plugin got the real number")
        let cloudSaw = try await Self.sent(cloud)
        #expect(try await cloud.requests().count == 2)
        #expect(!cloudSaw.contains(Self.mobile), "neither the question nor the tool result showed the number to the public model")
        #expect(cloudSaw.contains("[[cn_mobile_1]]"))
        let content = ((response.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
        #expect(content.hasPrefix("客户 \(Self.mobile)："), "the answer is restored for the app")
        #expect(try await inHouse.requests().isEmpty)
    }
}

/// Business-data queries in the loop: the client a query reads is the authenticated end user,
/// whatever the model asks.
@Suite("Business data")
struct BusinessDataTests {
    @Test("an end user never reads another client's rows: context-bound parameters cannot be supplied, and model parameters are bound, never spliced")
    func endUserBinding() async throws {
        let model = try await FakeProviderProcess(script: """
            {"rules":[
              {"when":"tool_result","reply":{"content":"{{tool_results}}"}},
              {"reply":{"toolCalls":[
                \(ToolLoopEndToEndTests.call("my_positions", #"{"client_id":"C-1002"}"#, id: "steal")),
                \(ToolLoopEndToEndTests.call("my_positions", "{}", id: "own")),
                \(ToolLoopEndToEndTests.call("product_info", #"{"name":"%' OR 1=1 --"}"#, id: "inject")),
                \(ToolLoopEndToEndTests.call("product_info", #"{"code":"WP-0001"}"#, id: "product"))
              ]}}
            ]}
            """)
        defer { model.stop() }
        var yaml = gatewayYAML(
            backends: [#"{ name: in-house, kind: openai, url: "\#(model.baseURL)/v1", zone: private }"#], models: ["{ alias: fin-chat, targets: [in-house] }"])
        yaml += """

            data_sources:
              - { name: core, sqlite: "./state/demo.db", demo: true }
            queries:
              - name: my_positions
                description: The signed-in client's holdings.
                source: core
                sql: "SELECT client_id, code, quantity, cost_price FROM positions WHERE client_id = :client_id ORDER BY code"
                bind: { client_id: end_user }
              - name: product_info
                description: Product terms.
                source: core
                sql: "SELECT product_code, name, risk_level FROM products WHERE product_code = :code OR (:name IS NOT NULL AND name LIKE '%' || :name || '%')"
                parameters: { code: { type: string, required: false }, name: { type: string, required: false } }
            scenarios:
              - { name: desk, model: fin-chat, plugins: [my_positions, product_info] }
            """
        let gateway = try await GatewayProcess(yaml: yaml)
        defer { gateway.stop() }
        let response = try await gateway.post(
            body: ToolLoopEndToEndTests.chat("我的持仓", model: "scenario/desk"), headers: [("x-switchboard-user", "C-1001")])
        #expect(response.status == 200)
        let messages = ToolLoopEndToEndTests.messages(try await model.requests(), 1).filter { $0["role"] as? String == "tool" }
        let byID = Dictionary(uniqueKeysWithValues: messages.compactMap { message in
            (message["tool_call_id"] as? String).map { ($0, message["content"] as? String ?? "") }
        })
        #expect(byID["steal"]?.contains("invalid_arguments") == true, "client_id is bound from the context; the model cannot supply it")
        let own = try #require(byID["own"])
        #expect(own.contains(#""client_id":"C-1001""#))
        #expect(!own.contains("C-1002"), "only the end user's rows")
        #expect(own.contains(#""row_count":4"#))
        #expect(byID["inject"]?.contains(#""row_count":0"#) == true, "the text is bound as a value, so it matches no product name")
        #expect(byID["product"]?.contains("WP-0001") == true)

        let anonymous = try await gateway.post(body: ToolLoopEndToEndTests.chat("我的持仓", model: "scenario/desk"))
        #expect(anonymous.status == 200)
        #expect(ToolLoopEndToEndTests.messages(try await model.requests(), 3).contains { ($0["content"] as? String)?.contains("must send X-Switchboard-User") == true })
    }
}
