import Foundation
import Testing

/// Through the real binary: content the scanner cannot read takes `privacy.uninspectable_level`,
/// values that cannot be masked keep a request from going out masked, regions limit where data
/// may be processed, and the audit record and the error say which of these decided.
@Suite("Inspection end to end")
struct InspectionEndToEndTests {
    static let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    static func imageRequest(model: String = "fin-chat") -> String {
        #"{"model":"\#(model)","messages":[{"role":"user","content":[{"type":"text","text":"这张图里是什么？"},{"type":"image_url","image_url":{"url":"\#(png)"}}]}]}"#
    }

    /// A private and a public model double, answering "in-house" and "cloud".
    static func zoneFakes() async throws -> (inHouse: FakeProviderProcess, cloud: FakeProviderProcess) {
        let inHouse = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"in-house"}}]}"#)
        do {
            return (inHouse, try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"cloud"}}]}"#))
        } catch {
            inHouse.stop()
            throw error
        }
    }

    @Test("an image goes to the private zone only, and where the alias has none it is refused and audited saying why")
    func uninspectableContent() async throws {
        let (inHouse, cloud) = try await Self.zoneFakes()
        defer { inHouse.stop(); cloud.stop() }
        let gateway = try await PrivacyEndToEndTests.gateway(private: inHouse.baseURL, public: cloud.baseURL)
        defer { gateway.stop() }

        let routed = try await gateway.post(body: Self.imageRequest())
        #expect(routed.status == 200)
        #expect(try await cloud.requests().isEmpty, "the public model saw nothing")
        #expect(try await inHouse.requests().count == 1)

        let refused = try await gateway.post(body: Self.imageRequest(model: "cloud-only"))
        #expect(refused.status == 503)
        let error = try #require(refused.json["error"] as? [String: Any])
        #expect(error["code"] as? String == "no_allowed_backend")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("could not be inspected"))
        #expect(message.contains("image/png at messages[0].content[1].image_url.url"))
        #expect(message.contains("privacy.uninspectable_level"))
        #expect(try await cloud.requests().isEmpty)

        let (_, records) = try await PrivacyEndToEndTests.auditRecords(gateway)
        let privacy = try #require(records.last?["privacy"] as? [String: Any])
        #expect(privacy["uninspectable"] as? [String] == ["image/png at messages[0].content[1].image_url.url"])
        #expect(privacy["level_from_uninspectable"] as? Bool == true)
        #expect(privacy["level"] as? Int == 3)
        #expect(records.last?["error_code"] as? String == "no_allowed_backend")
    }

    @Test("privacy.uninspectable_level and its per-tenant rules set the level of unreadable content")
    func uninspectableLevels() async throws {
        let cloud = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"cloud"}}]}"#)
        defer { cloud.stop() }
        let yaml = gatewayYAML(
            backends: [#"{ name: maas, kind: openai, url: "\#(cloud.baseURL)/v1", zone: public }"#],
            models: ["{ alias: fin-chat, targets: [maas] }"])
            + "\nprivacy:\n  uninspectable_level: 3\n  uninspectable:\n    - { tenant: research, level: 1 }\n"
        let gateway = try await GatewayProcess(yaml: yaml)
        defer { gateway.stop() }
        #expect(try await gateway.post(body: Self.imageRequest()).status == 503)
        let research = try gateway.createKey(tenant: "research", role: "app")
        #expect(try await gateway.post(body: Self.imageRequest(), key: research).status == 200)
        #expect(try await cloud.requests().count == 1)
    }

    @Test("a value that cannot be masked keeps the request from the public zone, with the field named")
    func unmaskableValue() async throws {
        let (inHouse, cloud) = try await Self.zoneFakes()
        defer { inHouse.stop(); cloud.stop() }
        let gateway = try await PrivacyEndToEndTests.gateway(private: inHouse.baseURL, public: cloud.baseURL, policy: PrivacyEndToEndTests.maskingPolicy)
        defer { gateway.stop() }
        func request(_ model: String) -> String {
            #"{"model":"\#(model)","messages":[{"role":"user","content":"查一下"}],"tools":[{"type":"function","function":{"name":"lookup_\#(PrivacyEndToEndTests.mobile)","parameters":{"type":"object"}}}]}"#
        }
        #expect(try await gateway.post(body: request("fin-chat")).status == 200)
        #expect(try await cloud.requests().isEmpty, "the function name was not sent out, masked or not")
        #expect(try await inHouse.requests().count == 1)

        let refused = try await gateway.post(body: request("cloud-only"))
        #expect(refused.status == 503)
        let message = try #require((refused.json["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("cannot be masked"))
        #expect(message.contains("a cn_mobile in a function name at tools[0].function.name"))
        #expect(try await cloud.requests().isEmpty)
    }

    @Test("regions: the built-in policy keeps level 3 in CN; a rule can name regions; the refusal names the rule")
    func regions() async throws {
        let overseas = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"overseas"}}]}"#)
        defer { overseas.stop() }
        let domestic = try await FakeProviderProcess(script: #"{"rules":[{"reply":{"content":"domestic"}}]}"#)
        defer { domestic.stop() }
        let backends = [
            #"{ name: sg-private, kind: openai, url: "\#(overseas.baseURL)/v1", zone: private, region: SG }"#,
            #"{ name: bj-private, kind: openai, url: "\#(domestic.baseURL)/v1", zone: private, region: cn }"#,
        ]
        let builtIn = try await GatewayProcess(yaml: gatewayYAML(
            backends: backends, models: ["{ alias: fin-chat, targets: [sg-private, bj-private] }", "{ alias: sg-only, targets: [sg-private] }"]))
        defer { builtIn.stop() }
        let personal = PrivacyEndToEndTests.chat("我的身份证号是\(PrivacyEndToEndTests.idNumber)")
        #expect(try await builtIn.post(body: personal).status == 200)
        #expect(try await overseas.requests().isEmpty, "L3 data never went abroad")
        #expect(try await domestic.requests().count == 1)
        #expect(try await builtIn.post(body: PrivacyEndToEndTests.chat("今天天气如何", model: "sg-only")).status == 200, "public data may go abroad")

        let refused = try await builtIn.post(body: PrivacyEndToEndTests.chat("我的身份证号是\(PrivacyEndToEndTests.idNumber)", model: "sg-only"))
        #expect(refused.status == 503)
        let message = try #require((refused.json["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("policy[0]"))
        #expect(message.contains("regions: [CN]"))
        #expect(message.contains("sg-private (private, SG)"))
        #expect(try await overseas.requests().count == 1, "only the public request reached it")

        // A configured rule: masked L2 may go to HK and CN only.
        let configured = try await GatewayProcess(yaml: gatewayYAML(
            backends: backends, models: ["{ alias: sg-only, targets: [sg-private] }"])
            + "\npolicy:\n  - { level: \">=2\", zones: [private], regions: [CN, HK] }\n  - { level: \"1\", zones: [private, public] }\n")
        defer { configured.stop() }
        let email = try await configured.post(body: PrivacyEndToEndTests.chat("邮箱\(PrivacyEndToEndTests.email)", model: "sg-only"))
        #expect(email.status == 503)
        #expect(((email.json["error"] as? [String: Any])?["message"] as? String)?.contains("regions: [CN, HK]") == true)
    }

    @Test("check-config warns when an alias can reach only backends abroad; a bad region is a config error")
    func checkConfigRegions() throws {
        let directory = try ScratchSpace.directory("switchboard-cli")
        let config = directory.appendingPathComponent("switchboard.yaml")
        try """
            backends:
              - { name: us-cloud, kind: openai, url: "http://127.0.0.1:9/v1", zone: public, region: US }
            models:
              - { alias: 海外模型, targets: [us-cloud] }
            """.write(to: config, atomically: true, encoding: .utf8)
        let warned = try ToolCommandTests.run(["check-config", "--config", config.path])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning: models[0] (海外模型): every backend it can reach is outside CN: us-cloud (US)"))
        #expect(warned.stderr.contains("policy[0]"))
        try """
            backends:
              - { name: x, kind: openai, url: "http://127.0.0.1:9/v1", zone: public, region: Singapore }
            models:
              - { alias: m, targets: [x] }
            """.write(to: config, atomically: true, encoding: .utf8)
        let bad = try ToolCommandTests.run(["check-config", "--config", config.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("backends[0].region"))
        #expect(bad.stderr.contains("two-letter ISO"))
    }
}
