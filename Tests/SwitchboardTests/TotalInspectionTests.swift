import Foundation
import Testing
@testable import Privacy
import Wire

/// Total inspection: every string and key of a request, at any depth, in any field, decoded;
/// text parts read joined; text payloads decoded; binary payloads uninspectable; values that
/// cannot be masked named.
@Suite("Total inspection")
struct TotalInspectionTests {
    static let id = "11010519491231002X"
    static let mobile = "13812345678"

    func inspect(_ body: String) throws -> RequestInspection {
        let bytes = Array(body.utf8)
        return try bytes.withUnsafeBytes { bytes in
            _ = try JSONObjectScanner.validate(bytes)
            return try RequestInspection(body: bytes, scanner: PrivacyScanner())
        }
    }

    func masked(_ body: String, _ inspection: RequestInspection) throws -> (text: String, json: Any) {
        var vault = PseudonymVault()
        let output = Array(body.utf8).withUnsafeBytes { inspection.masked($0, vault: &vault) }
        let json = try JSONSerialization.jsonObject(with: Data(output))
        return (String(decoding: output, as: UTF8.self), json)
    }

    @Test("a value is found and masked in any field, known or not, and in keys", arguments: [
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"user":"客户\#(id)"}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":["证件\#(id)"]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"metadata":{"\#(id)":"x"}}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"prediction":{"type":"content","content":"证件\#(id)"}}"#,
        #"{"model":"m","messages":[{"role":"assistant","content":null,"refusal":"不能处理\#(id)"}]}"#,
        #"{"model":"m","messages":[{"role":"assistant","content":"x","reasoning_content":"证件\#(id)"}]}"#,
        #"{"model":"m","messages":[{"role":"user","content":[{"type":"refusal","refusal":"证件\#(id)"}]}]}"#,
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"x_vendor":{"deep":[{"deeper":{"k":["证件\#(id)"]}}]}}"#,
        #"{"model":"m","messages":[{"role":"assistant","content":"x","tool_calls":[{"id":"call_\#(id)","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_\#(id)","content":"ok"}]}"#,
        #"{"model":"m","input":[{"text":"证件\#(id)"}]}"#,
    ])
    func anyField(body: String) throws {
        let inspection = try inspect(body)
        #expect(inspection.entityCounts[.cnIDCard] != nil, "not found in \(body)")
        #expect(inspection.canMask)
        let (text, _) = try masked(body, inspection)
        #expect(!text.contains(Self.id))
        #expect(text.contains("[[cn_id_card_1]]"))
    }

    @Test("JSON escapes and full-width digits do not hide a value")
    func escapesAndFullWidth() throws {
        let escaped = Self.mobile.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
        let body = #"{"model":"m","messages":[{"role":"user","content":"手机\#(escaped)"}]}"#
        let inspection = try inspect(body)
        #expect(inspection.entityCounts == [.cnMobile: 1])
        let fullWidth = String(String.UnicodeScalarView(Self.mobile.unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0xFF10)! }))
        #expect(try inspect(#"{"model":"m","messages":[{"role":"user","content":"手机\#(fullWidth)"}]}"#).entityCounts == [.cnMobile: 1])
    }

    @Test("a value split across the text parts of one message is found and masked whole")
    func splitParts() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"证件号码1101051949"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}},{"type":"text","text":"1231002X，请核对"}]}]}"#
        let inspection = try inspect(body)
        #expect(inspection.entities.map(\.text) == [Self.id])
        let (text, json) = try masked(body, inspection)
        #expect(!text.contains("1101051949") && !text.contains("1231002X"))
        let parts = try #require(((json as? [String: Any])?["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])
        #expect(parts[0]["text"] as? String == "证件号码[[cn_id_card_1]]")
        #expect(parts[2]["text"] as? String == "，请核对")
        #expect((parts[1]["image_url"] as? [String: String])?["url"] == "https://example.com/a.png")
    }

    @Test("a value split across two messages is found, and its pieces masked where they are")
    func splitMessages() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":"我的手机是1381234"},{"role":"user","content":[{"type":"text","text":"5678，谢谢"}]}]}"#
        let inspection = try inspect(body)
        #expect(inspection.entities.map(\.text) == [Self.mobile])
        let (text, _) = try masked(body, inspection)
        #expect(text.contains(#""content":"我的手机是[[cn_mobile_1]]""#))
        #expect(text.contains(#""text":"，谢谢""#))
    }

    @Test("a value next to letters in the following part is still found in its own part")
    func joinedNeighbours() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"证件\#(Self.id)"},{"type":"text","text":"Please check"}]}]}"#
        #expect(try inspect(body).entityCounts == [.cnIDCard: 1])
        let far = #"{"model":"m","messages":[{"role":"user","content":"编号1381234"},{"role":"system","content":"5678"}]}"#
        #expect(try inspect(far).entities.isEmpty, "a negative context word still counts across the join")
    }

    @Test("a text payload is decoded, scanned, and masked by encoding it again")
    func textPayload() throws {
        let csv = Data("name,phone\n张伟,\(Self.mobile)\n".utf8).base64EncodedString()
        for url in ["data:text/csv;base64,\(csv)", csv] {
            let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.csv","file_data":"\#(url)"}}]}]}"#
            let inspection = try inspect(body)
            #expect(inspection.entityCounts == [.cnMobile: 1])
            #expect(inspection.uninspectable.isEmpty)
            let (_, json) = try masked(body, inspection)
            let part = try #require((((json as? [String: Any])?["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])?.first)
            let data = try #require((part["file"] as? [String: String])?["file_data"])
            let payload = data.hasPrefix("data:text/csv;base64,") ? String(data.dropFirst("data:text/csv;base64,".count)) : data
            #expect(url.hasPrefix("data:") == data.hasPrefix("data:"))
            let decoded = String(decoding: try #require(Data(base64Encoded: payload)), as: UTF8.self)
            #expect(decoded == "name,phone\n张伟,[[cn_mobile_1]]\n")
        }
    }

    @Test("binary payloads are uninspectable, with their type and path", arguments: [
        (#"{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}"#, "image/png", "messages[0].content[1].image_url.url"),
        (#"{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}"#, "audio", "messages[0].content[1].input_audio.data"),
        (#"{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0xLjQ="}}"#, "application/pdf", "messages[0].content[1].file.file_data"),
        (#"{"type":"file","file":{"file_data":"AAECAwQFBgc="}}"#, "application/octet-stream", "messages[0].content[1].file.file_data"),
    ])
    func binaryPayloads(part: String, mediaType: String, path: String) throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"看看这个"},\#(part)]}]}"#
        let inspection = try inspect(body)
        #expect(inspection.uninspectable == [.init(mediaType: mediaType, path: path)])
        #expect(inspection.level == .public1, "the level for uninspectable content is the policy's to set")
    }

    @Test("a long base64 run in an unknown field is read as a payload")
    func unknownBase64() throws {
        let binary = Data((0..<300).map { UInt8($0 % 256) }).base64EncodedString()
        #expect(try inspect(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"blob":"\#(binary)"}"#).uninspectable.map(\.path) == ["blob"])
        let text = Data(String(repeating: "客户手机\(Self.mobile)。", count: 12).utf8).base64EncodedString()
        let inspection = try inspect(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"blob":"\#(text)"}"#)
        #expect(inspection.uninspectable.isEmpty)
        #expect(inspection.entityCounts == [.cnMobile: 12])
    }

    @Test("values the backend needs exactly are named, not masked", arguments: [
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"lookup_\#(mobile)","parameters":{}}}]}"#, "a function name", "tools[0].function.name"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x.example/p?phone=\#(mobile)"}}]}]}"#, "a URL the backend fetches", "messages[0].content[0].image_url.url"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-\#(mobile)"}}]}]}"#, "a file id", "messages[0].content[0].file.file_id"),
    ])
    func unmaskable(body: String, reason: String, path: String) throws {
        let inspection = try inspect(body)
        #expect(!inspection.canMask)
        #expect(inspection.unmaskable == [.init(type: .cnMobile, reason: reason, path: path)])
    }

    @Test("\\u escapes inside a JSON string are read decoded, and cannot be masked")
    func innerEscapes() throws {
        let escaped = Self.mobile.unicodeScalars.map { String(format: "\\\\u%04x", $0.value) }.joined()
        let body = #"{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"phone\":\"\#(escaped)\"}"}}]}]}"#
        let inspection = try inspect(body)
        #expect(inspection.entityCounts == [.cnMobile: 1])
        #expect(inspection.unmaskable.map(\.reason) == ["\\u-escaped text inside a JSON string"])
        #expect(inspection.unmaskable.map(\.path) == ["messages[0].tool_calls[0].function.arguments"])
    }

    @Test("the tape lays out every token and names paths as OpenAI does")
    func tapePaths() throws {
        let body = Array(#"{"a":[1,{"b c":"x"},[true,"y"]],"d":{"e":null}}"#.utf8)
        try body.withUnsafeBytes { bytes in
            let tape = try JSONTape(validated: bytes)
            #expect(tape.tokens.map(\.kind) == [.object, .key, .array, .scalar, .object, .key, .string, .array, .scalar, .string, .key, .object, .key, .scalar])
            #expect(tape.tokens[0].next == tape.tokens.count)
            #expect(tape.path(to: 6, in: bytes) == #"a[1]["b c"]"#)
            #expect(tape.path(to: 9, in: bytes) == "a[2][1]")
            #expect(tape.path(to: 12, in: bytes) == "d.e")
            #expect(tape.children(of: 2) == [3, 4, 7])
        }
    }
}
