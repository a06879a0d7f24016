import Foundation
import Testing
import Wire
@testable import Gateway

/// The quality checks as a response filter, in-process against a scripted model: grounding's
/// report, a rail that blocks (JSON and stream), a disclosure appended, and a retry that fixes
/// an answer.
@Suite("Quality checks, in-process")
struct QualityFilterTests {
    static func yaml(checks: String = "") -> String {
        """
        backends:
          - { name: in-house, kind: openai, url: "http://127.0.0.1:9/v1", zone: private }
        models:
          - { alias: fin-chat, targets: [in-house] }
        scenarios:
          - name: analyst
            model: fin-chat
            plugins: [calculate]
        \(checks)
        """
    }

    static let analyst = ["x-switchboard-scenario": "analyst"]

    static func quality(_ json: [String: Any]) -> [String: Any]? {
        (json["switchboard"] as? [String: Any])?["quality"] as? [String: Any]
    }

    static func statuses(_ quality: [String: Any]?) -> [String: String] {
        let figures = ((quality?["grounding"] as? [String: Any])?["figures"] as? [[String: Any]]) ?? []
        return Dictionary(figures.map { ($0["text"] as? String ?? "", $0["status"] as? String ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    @Test("a JSON answer carries its grounding report: a figure from the calculator is grounded, an invented one is not")
    func annotates() async throws {
        let upstream = ScriptedUpstream([.toolCalls([ExchangePipelineTests.calculate("1688-1520")]), .text("您的每股盈利为168元，收益率为12.5%。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("我1520元买的茅台，现价1688元，赚了多少？"), headers: Self.analyst)
        #expect(reply.status == 200)
        #expect(reply.text == "您的每股盈利为168元，收益率为12.5%。", "annotate leaves the text alone")
        let quality = Self.quality(reply.json)
        #expect(Self.statuses(quality) == ["168元": "grounded", "12.5%": "ungrounded"])
        #expect((quality?["rails"] as? [String: Any])?["verdict"] as? String == "pass")
        let record = try #require(try await gateway.auditRecords().last)
        let audited = try #require(record["quality"] as? [String: Any], "\(record)")
        #expect(audited["figures"] as? Int == 2)
        #expect(audited["unsupported"] as? Int == 1)
        await gateway.stop()
    }

    @Test("a promise of returns is blocked: JSON gets the safe message with finish_reason content_filter")
    func blocksJSON() async throws {
        let upstream = ScriptedUpstream([.text("这只基金保本保收益，放心买入就行。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("这个基金怎么样"), headers: Self.analyst)
        #expect(reply.status == 200)
        #expect(reply.text?.contains("保本") == false)
        #expect(reply.text?.contains("未通过合规检查") == true)
        #expect(((reply.json["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String) == "content_filter")
        let hits = ((Self.quality(reply.json)?["rails"] as? [String: Any])?["hits"] as? [[String: Any]]) ?? []
        #expect(hits.contains { $0["rule"] as? String == "no-guarantees" && $0["text"] as? String == "保本" && $0["start"] as? Int == 4 })
        let record = try #require(try await gateway.auditRecords().last)
        #expect((record["quality"] as? [String: Any])?["verdict"] as? String == "block")
        await gateway.stop()
    }

    @Test("a stream is released sentence by sentence: the sentence that promises never reaches the app")
    func blocksStream() async throws {
        let upstream = ScriptedUpstream([.text("茅台今天走势平稳。这款产品稳赚不赔，赶紧上车！后面还有很多话。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let reply = await gateway.chat(chatBody("茅台怎么样", stream: true), headers: Self.analyst)
        #expect(reply.streamed)
        #expect(reply.streamedText.hasPrefix("茅台今天走势平稳。"), "the first sentence passed")
        #expect(!reply.streamedText.contains("稳赚"))
        #expect(!reply.streamedText.contains("后面"), "nothing after the block")
        #expect(reply.streamedText.contains("未通过合规检查"))
        let finish = reply.chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
        #expect(finish == ["content_filter"])
        #expect(reply.body.hasSuffix("data: [DONE]\n\n"))
        await gateway.stop()
    }

    @Test("a call on a named security without a risk disclosure gets one appended, in JSON and in a stream")
    func appendsDisclosure() async throws {
        let upstream = ScriptedUpstream([.text("建议逢低买入贵州茅台。"), .text("建议逢低买入贵州茅台。")])
        let gateway = try await InProcessGateway.start(yaml: Self.yaml(), upstream: upstream)
        let json = await gateway.chat(chatBody("买什么"), headers: Self.analyst)
        #expect(json.text?.hasPrefix("建议逢低买入贵州茅台。\n\n投资有风险，入市需谨慎。") == true, "\(json.body)")
        let stream = await gateway.chat(chatBody("买什么", stream: true), headers: Self.analyst)
        #expect(stream.streamedText.hasPrefix("建议逢低买入贵州茅台。\n\n投资有风险，入市需谨慎。"), "\(stream.body)")
        #expect(stream.chunks.contains { Self.quality($0) != nil }, "the report travels in a chunk")
        await gateway.stop()
    }

    @Test("retry: the model is told which figures lack evidence, and its corrected answer is the one the app gets")
    func retries() async throws {
        let upstream = ScriptedUpstream([.text("您的买入价是1700元。"), .text("您的买入价是1688元。")])
        let checks = "    checks: { grounding: retry, retries: 2 }"
        let yaml = Self.yaml().replacingOccurrences(of: "    plugins: [calculate]\n", with: "    plugins: [calculate]\n" + checks + "\n")
        let gateway = try await InProcessGateway.start(yaml: yaml, upstream: upstream)
        let reply = await gateway.chat(chatBody("我以1688元买入了茅台，帮我记一下"), headers: Self.analyst)
        #expect(reply.text == "您的买入价是1688元。")
        let quality = Self.quality(reply.json)
        #expect((quality?["grounding"] as? [String: Any])?["retries"] as? Int == 1)
        #expect(Self.statuses(quality) == ["1688元": "grounded"])
        #expect(upstream.requests.count == 2)
        let feedback = upstream.messages(1).last?["content"] as? String ?? ""
        #expect(feedback.contains("「1700元」"), "\(feedback)")
        await gateway.stop()
    }

    @Test("a retry's next turn may call plugins: their results are evidence, and the feedback that quotes the bad figure is not", arguments: [false, true])
    func retryCallsPlugins(stream: Bool) async throws {
        let upstream = ScriptedUpstream([
            .text("每股赚了170元。"), .toolCalls([ExchangePipelineTests.calculate("1688-1520")]), .text("每股赚了168元。"),
        ])
        let yaml = Self.yaml().replacingOccurrences(of: "    plugins: [calculate]\n", with: "    plugins: [calculate]\n    checks: { grounding: retry }\n")
        let gateway = try await InProcessGateway.start(yaml: yaml, upstream: upstream)
        let reply = await gateway.chat(chatBody("我的茅台每股赚了多少？", stream: stream), headers: Self.analyst)
        let quality = stream ? reply.chunks.compactMap(Self.quality).first : Self.quality(reply.json)
        #expect(Self.statuses(quality) == ["168元": "grounded"], "\(reply.body)")
        #expect(upstream.requests.count == 3)
        let checkAgain = try await InProcessGateway.start(yaml: yaml, upstream: ScriptedUpstream([.text("每股赚了170元。"), .text("每股赚了170元。")]))
        let stubborn = await checkAgain.chat(chatBody("我的茅台每股赚了多少？", stream: stream), headers: Self.analyst)
        let unchanged = stream ? stubborn.chunks.compactMap(Self.quality).first : Self.quality(stubborn.json)
        #expect(Self.statuses(unchanged) == ["170元": "ungrounded"], "the feedback's 「170元」 grounds nothing")
        await gateway.stop()
        await checkAgain.stop()
    }

    @Test("retry on a stream: the whole answer is held until it passes, so the app sees only the corrected one")
    func retriesStream() async throws {
        let upstream = ScriptedUpstream([.text("您的买入价是1700元。"), .text("您的买入价是1688元。")])
        let yaml = Self.yaml().replacingOccurrences(of: "    plugins: [calculate]\n", with: "    plugins: [calculate]\n    checks: { grounding: retry }\n")
        let gateway = try await InProcessGateway.start(yaml: yaml, upstream: upstream)
        let reply = await gateway.chat(chatBody("我以1688元买入了茅台", stream: true), headers: Self.analyst)
        #expect(reply.streamedText == "您的买入价是1688元。")
        #expect(!reply.body.contains("1700元"), "the first answer never reached the app")
        let quality = reply.chunks.compactMap(Self.quality).first
        #expect((quality?["grounding"] as? [String: Any])?["retries"] as? Int == 1)
        #expect(reply.body.components(separatedBy: "[DONE]").count == 2, "one end")
        await gateway.stop()
    }

    @Test("an intent's answer is checked too: its figures are grounded in the plugin result it was made from")
    func intentAnswers() async throws {
        let gateway = try await InProcessGateway.start(yaml: ExchangePipelineTests.yaml(), upstream: ScriptedUpstream([]))
        let reply = await gateway.chat(chatBody("C3 能买 R4 吗", model: "scenario/trader"))
        #expect(reply.status == 200)
        let quality = try #require(Self.quality(reply.json), "\(reply.body)")
        #expect((quality["rails"] as? [String: Any])?["verdict"] as? String == "pass")
        await gateway.stop()
    }

    @Test("without a scenario, answers are not checked unless checks.model_aliases is on")
    func aliases() async throws {
        let promise = "这只基金保本。"
        let off = try await InProcessGateway.start(yaml: Self.yaml(), upstream: ScriptedUpstream([.text(promise)]))
        #expect(await off.chat(chatBody("x")).text == promise)
        await off.stop()
        let on = try await InProcessGateway.start(yaml: Self.yaml(checks: "checks: { model_aliases: true }"), upstream: ScriptedUpstream([.text(promise)]))
        #expect(await on.chat(chatBody("x")).text?.contains("保本") == false)
        await on.stop()
    }
}
