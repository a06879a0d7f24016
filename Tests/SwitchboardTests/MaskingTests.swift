import Foundation
import Testing
@testable import Privacy
import Config
import Wire

/// Pseudonyms: consistent within an exchange, restored in text, in pieces, and in event streams.
@Suite("Masking")
struct MaskingTests {
    @Test("the same value gets the same pseudonym; restoring leaves invented ones alone")
    func vaultAndRestorer() {
        var vault = PseudonymVault()
        let first = vault.pseudonym(for: "13812345678", type: .cnMobile)
        #expect(first == "[[cn_mobile_1]]")
        #expect(vault.pseudonym(for: "13812345678", type: .cnMobile) == first)
        #expect(vault.pseudonym(for: "13900000000", type: .cnMobile) == "[[cn_mobile_2]]")
        var restorer = PseudonymRestorer(vault: vault)
        #expect(restorer.restore("联系[[cn_mobile_1]]或[[cn_mobile_3]]，[x]") == "联系13812345678或[[cn_mobile_3]]，[x]")
        #expect(restorer.restored == 1 && restorer.invented == 1)
    }

    @Test("a pseudonym split across pieces is held back only as long as needed")
    func streamingField() {
        var vault = PseudonymVault()
        _ = vault.pseudonym(for: "zhang@example.com", type: .email)
        var restorer = PseudonymRestorer(vault: vault)
        var field = StreamingFieldRestorer()
        var output = ""
        for piece in ["邮箱", "[", "[", "ema", "il_1]", "]。价格[1", "0]元"] { output += field.feed(piece, using: &restorer) }
        #expect(output == "邮箱zhang@example.com。价格[10]元")
        #expect(!field.isHolding)
        #expect(field.feed("末尾[[em", using: &restorer) == "末尾")
        #expect(field.flush(using: &restorer) == "[[em")
    }

    @Test("requests: every model-visible string is masked, tool arguments stay valid JSON")
    func requestMasking() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"手机13812345678"}]},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"phone\":13812345678}"}}]},{"role":"tool","tool_call_id":"c","content":"客户邮箱a.b@example.com"}]}"#
        let bytes = Array(body.utf8)
        let inspection = try bytes.withUnsafeBytes { try RequestInspection(body: $0, scanner: PrivacyScanner()) }
        #expect(inspection.level == .sensitive3)
        #expect(inspection.entityCounts == [.cnMobile: 2, .email: 1])
        var vault = PseudonymVault()
        let masked = String(decoding: bytes.withUnsafeBytes { inspection.masked($0, vault: &vault) }, as: UTF8.self)
        #expect(!masked.contains("13812345678") && !masked.contains("a.b@example.com"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(masked.utf8)) as? [String: Any])
        let messages = try #require(json["messages"] as? [[String: Any]])
        let arguments = try #require((((messages[1]["tool_calls"] as? [[String: Any]])?.first?["function"]) as? [String: Any])?["arguments"] as? String)
        #expect(try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as? [String: String] == ["phone": "[[cn_mobile_1]]"])
        #expect(masked.contains("[[email_1]]"))
    }

    @Test("event streams: content and tool arguments restored across events, held text flushed before finish")
    func streamRestoration() {
        var vault = PseudonymVault()
        _ = vault.pseudonym(for: "13812345678", type: .cnMobile)
        var restoration = StreamRestoration(vault: vault)
        func event(_ delta: String, finish: String = "null") -> ServerSentEvent {
            ServerSentEvent(data: Array(#"{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(finish)}]}"#.utf8))
        }
        var events: [ServerSentEvent] = []
        restoration.restore(event(#"{"content":"打[[cn_mo"}"#), into: &events)
        restoration.restore(event(#"{"content":"bile_1]]吧[["}"#), into: &events)
        restoration.restore(event("{}", finish: #""stop""#), into: &events)
        restoration.restore(ServerSentEvent(data: Array("[DONE]".utf8)), into: &events)
        let text = String(decoding: events.flatMap(\.encoded), as: UTF8.self)
        let contents = text.components(separatedBy: "\n").filter { $0.hasPrefix("data: {") }.compactMap { line -> String? in
            let json = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
            return ((json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String
        }
        #expect(contents.joined() == "打13812345678吧[[")
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        #expect(restoration.restorer.restored == 1)
    }

    @Test("zone policy: first matching rule; no rule means no zone")
    func zonePolicy() {
        let policy = ZonePolicy(rules: PolicyRule.defaults + [])
        #expect(policy.decide(level: .sensitive3, tenant: "t", model: "m").zones == [.private])
        let l2 = policy.decide(level: .internal2, tenant: "t", model: "m")
        #expect(l2.zones == [.private, .public] && l2.masks(for: .public) && !l2.masks(for: .private))
        let tenantRule = PolicyRule(index: 0, level: LevelCondition("<=3")!, tenant: "research", zones: [.public])
        let scoped = ZonePolicy(rules: [tenantRule])
        #expect(scoped.decide(level: .sensitive3, tenant: "research", model: "m").zones == [.public])
        #expect(scoped.decide(level: .sensitive3, tenant: "other", model: "m").zones.isEmpty)
        #expect(LevelCondition(">1")?.matches(2) == true && LevelCondition(">1")?.matches(1) == false)
        #expect(LevelCondition("L3")?.matches(3) == true)
        #expect(LevelCondition(">=6") == nil && LevelCondition("high") == nil)
    }
}
