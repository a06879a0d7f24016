import Testing
@testable import Wire

@Suite("JSON object scanner")
struct JSONObjectScannerTests {
    func scan(_ text: String) throws -> JSONObjectScan {
        try Array(text.utf8).withBytes { bytes throws(JSONSyntaxError) in try JSONObjectScanner.scanDocument(bytes) }
    }

    func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try scan(text)
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    @Test("finds top-level members and their kinds without descending")
    func members() throws {
        let text = #"{"model": "fin-chat", "messages": [{"role":"user","content":"你好"}], "stream": true, "n": -1.5e3, "x": null, "o": {}}"#
        let result = try scan(text)
        #expect(result.members.map(\.key) == ["model", "messages", "stream", "n", "x", "o"])
        #expect(result.members.map(\.kind) == [.string, .array, .bool, .number, .null, .object])
        let bytes = Array(text.utf8)
        let model = try #require(result.member("model"))
        #expect(String(decoding: bytes[model.valueRange], as: UTF8.self) == #""fin-chat""#)
    }

    @Test("decodes escapes, surrogate pairs and Chinese in strings")
    func strings() throws {
        let text = #"{"k\u00e9y": "a\"b\\c\n\u4e2d\ud83d\ude00文"}"#
        let bytes = Array(text.utf8)
        let result = try scan(text)
        #expect(result.members.first?.key == "kéy")
        let range = try #require(result.members.first?.valueRange)
        let decoded = try bytes.withBytes { raw throws(JSONSyntaxError) in try JSONObjectScanner.decodeString(raw, at: range) }
        #expect(decoded == "a\"b\\c\n中😀文")
    }

    @Test("reports where malformed JSON goes wrong", arguments: [
        ("{\"a\": 1,\n \"b\": }", 2, "expected a value"),
        ("{\"a\" 1}", 1, "expected ':'"),
        ("{\"a\": [1, 2}", 1, "expected ',' or ']'"),
        ("{\"a\": tru}", 1, "expected true"),
        ("{\"a\": 01}", 1, "expected ',' or '}'"),
        ("{\"a\": \"x\u{01}\"}", 1, "control character"),
        ("{\"a\": 1} trailing", 1, "unexpected data"),
        ("[1]", 1, "expected a JSON object"),
        ("", 1, "empty"),
    ])
    func errors(text: String, line: Int, reason: String) {
        let error = syntaxError(text)
        #expect(error?.line == line)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("a string is checked byte for byte wherever its special bytes fall: quotes, escapes, control characters, UTF-8")
    func specialBytesAtEveryOffset() throws {
        let plain = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        // What is put into the string, and whether the document stays valid.
        let cases: [(insert: [UInt8], valid: Bool)] = [
            (Array(#"\""#.utf8), true), (Array(#"\\"#.utf8), true), (Array(#"\u4e2d"#.utf8), true), (Array("中".utf8), true),
            ([0x7F], true), ([0x20], true), ([0x01], false), ([0x1F], false), ([0x09], false), ([0xFF], false), ([0xE4, 0xB8], false),
            (Array(#"\x"#.utf8), false), (Array(#"\q"#.utf8), false),
            // Three-byte sequences at the edges of what the fast path takes: the lowest and
            // highest it accepts, a surrogate, an overlong form, a bad continuation, a cut one.
            ([0xE1, 0x80, 0x80], true), ([0xEF, 0xBF, 0xBF], true), ([0xE0, 0xA0, 0x80], true), ([0xED, 0x9F, 0xBF], true),
            ([0xED, 0xA0, 0x80], false), ([0xE0, 0x80, 0x80], false), ([0xE1, 0x80, 0x41], false), ([0xE4, 0xB8, 0xAD, 0xE4, 0xB8], false),
        ]
        for (insert, valid) in cases {
            for offset in 0...plain.count {
                let string = Array(plain[..<offset]) + insert + Array(plain[offset...])
                let document = Array(#"{"k":""#.utf8) + string + Array(#"","n":1}"#.utf8)
                let result = Result { () throws(JSONSyntaxError) in try document.withBytes { bytes throws(JSONSyntaxError) in try JSONObjectScanner.scanDocument(bytes) } }
                switch result {
                case .success(let scan):
                    #expect(valid, "\(insert) at \(offset) was accepted")
                    #expect(scan.members.map(\.key) == ["k", "n"], "\(insert) at \(offset)")
                case .failure:
                    #expect(!valid, "\(insert) at \(offset) was refused")
                }
            }
        }
        // A quote that ends the string early, at any offset, leaves what follows to be read as JSON.
        for offset in 0...plain.count {
            let document = Array(#"{"k":""#.utf8) + Array(plain[..<offset]) + Array(#"","n":1}"#.utf8)
            let scan = try document.withBytes { bytes throws(JSONSyntaxError) in try JSONObjectScanner.scanDocument(bytes) }
            #expect(scan.members.map(\.key) == ["k", "n"])
            let value = try #require(scan.member("k")).valueRange
            #expect(value.count == offset + 2, "the string ends at its closing quote, offset \(offset)")
        }
    }

    @Test("keys read the same whether they are common names, near misses or escaped")
    func keyNames() throws {
        let result = try scan(#"{"mo\u0064el":"a","id":"x","modelx":1,"mode":2,"模型":3,"usage":{},"model":"b"}"#)
        #expect(result.members.map(\.key) == ["model", "id", "modelx", "mode", "模型", "usage", "model"])
        #expect(result.member("model")?.kind == .string)
        #expect(result.member("usage")?.kind == .object)
    }

    @Test("rejects invalid UTF-8 and nesting beyond the limit")
    func hostileInput() throws {
        var bytes = Array(#"{"a": "x"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}"#.utf8)
        #expect(throws: JSONSyntaxError.self) {
            try bytes.withBytes { raw throws(JSONSyntaxError) in try JSONObjectScanner.scanDocument(raw) }
        }
        let deep = "{\"a\":" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}"
        #expect(syntaxError(deep)?.reason.contains("nested deeper") == true)
        let fine = "{\"a\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}"
        #expect(syntaxError(fine) == nil)
    }

    @Test("splicing replaces only the model value and keeps every other byte")
    func splice() throws {
        let text = "{ \"model\" : \"fin-chat\",\n  \"messages\":[],\"extra\":{\"keep\":\"as is\"} }"
        let bytes = Array(text.utf8)
        let result = try scan(text)
        var splicer = JSONSplicer()
        splicer.replace(try #require(result.member("model")).valueRange, with: JSONStringLiteral.bytes("qwen/Qwen2.5-72B \"instruct\""))
        let output = bytes.withUnsafeBytes { splicer.apply(to: $0) }
        #expect(String(decoding: output, as: UTF8.self) == "{ \"model\" : \"qwen/Qwen2.5-72B \\\"instruct\\\"\",\n  \"messages\":[],\"extra\":{\"keep\":\"as is\"} }")
    }

    @Test("one edit applied directly gives the same bytes as a recorded one, at the start, middle and end")
    func spliceOneEdit() throws {
        let bytes = Array(#"{"model":"fin-chat","note":"贵州茅台"}"#.utf8)
        let replacement = JSONStringLiteral.bytes("别名")
        for range in [0..<1, 9..<19, (bytes.count - 1)..<bytes.count, 5..<5] {
            var splicer = JSONSplicer()
            splicer.replace(range, with: replacement)
            let recorded = bytes.withUnsafeBytes { splicer.apply(to: $0) }
            let direct = bytes.withUnsafeBytes { JSONSplicer.replacing(range, with: replacement, in: $0) }
            #expect(direct == recorded, "edit at \(range)")
        }
    }

    @Test("the response rewriter sets the alias and reads usage")
    func responseRewriter() throws {
        let text = #"{"id":"x","model":"qwen","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}"#
        let result = try Array(text.utf8).withBytes { raw throws(JSONSyntaxError) in try ResponseModelRewriter.rewrite(raw, alias: "fin-chat") }
        #expect(String(decoding: result.bytes, as: UTF8.self) == #"{"id":"x","model":"fin-chat","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}"#)
        #expect(result.usage == TokenUsage(promptTokens: 12, completionTokens: 34))
    }

    @Test("the member visitor decodes only escaped keys, keeps document order and checks the document")
    func memberVisitor() throws {
        let text = #"{"a":1, "m\u006fdel" : "x", "b":[{"model":"inner"}], "a":"again"}"#
        var seen: [(key: String, value: String, kind: JSONValueKind)] = []
        let bytes = Array(text.utf8)
        try bytes.withBytes { raw throws(JSONSyntaxError) in
            try JSONObjectScanner.visitMembers(raw, validated: false) { key, range, kind in
                seen.append((String(decoding: key, as: UTF8.self), String(decoding: raw[range], as: UTF8.self), kind))
            }
        }
        #expect(seen.map(\.key) == ["a", "model", "b", "a"])
        #expect(seen.map(\.value) == ["1", "\"x\"", #"[{"model":"inner"}]"#, "\"again\""])
        #expect(seen.map(\.kind) == [.number, .string, .array, .string])
        // The same members as the full scan, which decodes every key.
        let scan = try scan(text)
        #expect(scan.members.map(\.key) == seen.map(\.key))
        for bad in [#"{"a":1} x"#, #"{"a":1"#, #"{"a" 1}"#, #"["a"]"#, "", #"{"a":"\u12"}"#, "{\"k\":\"\u{01}\"}"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") {
                try Array(bad.utf8).withBytes { raw throws(JSONSyntaxError) in try JSONObjectScanner.visitMembers(raw, validated: false) { _, _, _ in } }
            }
        }
    }

    @Test("the object check agrees with the full scan", arguments: [
        #"{}"#, #" {"a":[1,{"b":null}]} "#, #"{"k":"贵州茅台"}"#, #"[]"#, #""s""#, "", #"{"a":1} x"#, #"{"a":1"#, #"{"a":"\u12"}"#, #"{1:2}"#,
    ])
    func objectCheck(text: String) {
        let bytes = Array(text.utf8)
        let scanned = bytes.withUnsafeBytes { (try? JSONObjectScanner.scanDocument($0)) != nil }
        #expect(bytes.withUnsafeBytes { JSONObjectScanner.isObjectDocument($0) } == scanned)
    }

    @Test("the response rewriter finds an escaped model key, lets a later duplicate win and leaves nested ones")
    func responseRewriterKeys() throws {
        let rewrite = { (text: String) throws -> String in
            String(decoding: try Array(text.utf8).withBytes { raw throws(JSONSyntaxError) in try ResponseModelRewriter.rewrite(raw, alias: "fin") }.bytes, as: UTF8.self)
        }
        #expect(try rewrite(#"{"m\u006fdel":"a","x":{"model":"b"}}"#) == #"{"m\u006fdel":"fin","x":{"model":"b"}}"#)
        #expect(try rewrite(#"{"model":"a","model":"b"}"#) == #"{"model":"a","model":"fin"}"#)
        #expect(try rewrite(#"{"id":"no model here"}"#) == #"{"id":"no model here"}"#)
        #expect(throws: JSONSyntaxError.self) { try rewrite(#"{"model":"a"} trailing"#) }
    }

    @Test("asking a backend for stream usage: absent, null, present without the key, and present as false")
    func streamUsageOption() throws {
        let cases = [
            (#"{"model":"m","stream":true}"#, #"{"model":"m","stream":true,"stream_options":{"include_usage":true}}"#),
            (#"{"model":"m","stream_options":null}"#, #"{"model":"m","stream_options":{"include_usage":true}}"#),
            (#"{"model":"m","stream_options":{}}"#, #"{"model":"m","stream_options":{"include_usage":true}}"#),
            (#"{"stream_options":{"include_usage":false,"x":1},"model":"m"}"#, #"{"stream_options":{"include_usage":true,"x":1},"model":"m"}"#),
        ]
        for (body, expected) in cases {
            let rewritten = Array(body.utf8).withUnsafeBytes { bytes in
                var splicer = JSONSplicer()
                StreamUsageOption.request(in: bytes, with: &splicer)
                return String(decoding: splicer.apply(to: bytes), as: UTF8.self)
            }
            #expect(rewritten == expected)
        }
        let usageOnly = #"{"id":"x","model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#
        let withChoices = #"{"id":"x","model":"m","choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#
        let isUsageOnly = { (text: String) throws -> Bool in
            try Array(text.utf8).withBytes { raw throws(JSONSyntaxError) in try ResponseModelRewriter.rewrite(raw, alias: "m") }.isUsageOnly
        }
        #expect(try isUsageOnly(usageOnly))
        #expect(try !isUsageOnly(withChoices))
    }
}
