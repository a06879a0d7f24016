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
