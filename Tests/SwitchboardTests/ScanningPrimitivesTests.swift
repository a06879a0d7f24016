import Foundation
import Testing
@testable import Privacy

/// The word-at-a-time byte tests and the automaton's start filter against plain byte-by-byte
/// references, over every byte value in every position and over long generated texts.
@Suite("Scanning primitives")
struct ScanningPrimitivesTests {
    /// The high bit of each byte of `bytes` (eight of them) for which `test` holds.
    func reference(_ bytes: [UInt8], _ test: (UInt8) -> Bool) -> UInt64 {
        bytes.enumerated().reduce(0) { marks, entry in test(entry.element) ? marks | 0x80 << UInt64(entry.offset * 8) : marks }
    }

    func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
    }

    @Test("ByteMarks agree with byte-by-byte tests for every byte value in every position")
    func byteMarks() {
        var generator = SystemRandomNumberGenerator()
        for value in 0...255 {
            for position in 0..<8 {
                // The byte under test among random neighbours, so that no carry can leak between bytes.
                var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
                bytes[position] = UInt8(value)
                let packed = word(bytes)
                #expect(ByteMarks.digits(packed) == reference(bytes) { $0 >= 0x30 && $0 <= 0x39 })
                #expect(ByteMarks.letters(packed) | ByteMarks.digits(packed) == reference(bytes, ScanText.isASCIIAlphanumeric))
                #expect(ByteMarks.leadsFromE0(packed) == reference(bytes) { $0 >= 0xE0 })
                #expect(ScanText.seedMarks(packed) == reference(bytes) { ($0 >= 0x30 && $0 <= 0x40) || $0 >= 0xEF })
                let marks = reference(bytes) { $0 & 1 == 1 }
                #expect(ByteMarks.packed(marks) == UInt64(bytes.enumerated().reduce(0) { $1.element & 1 == 1 ? $0 | 1 << $1.offset : $0 }))
            }
        }
    }

    /// Mixed text in which dictionary words, context words and ASCII words sit at every alignment.
    func mixedText(seed: UInt64, length: Int) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces = ["王伟", "张", "客户", "密码", "Password", "CARD", "card", "cards", "xcard", " ", "，", "。", "1", "23", "ab", "é", "😀", "手机号", "的", "\n", "-", "王", "卡", "三丰"]
        var text = ""
        while text.utf8.count < length { text += pieces[next(pieces.count)] }
        return text
    }

    @Test("the automaton with its start filter finds exactly what a byte-by-byte search finds")
    func startFilterNeverSkipsAStart() {
        // Two-character beginnings (checked six bytes at once), a single character, and a
        // character followed by ASCII (both checked by their first three bytes only).
        // The second set has a pattern that begins with a digit, so numbers are candidates too.
        for patterns in [["王伟", "手机号", "密码", "card", "password", "张三丰", "客户", "张", "卡2"], ["王伟", "23ab", "card", "1"]] {
            expectSameAsBruteForce(patterns)
        }
    }

    func expectSameAsBruteForce(_ patterns: [String]) {
        let automaton = AhoCorasick(patterns: patterns)
        let folded = patterns.map { Array($0.lowercased().utf8) }
        for seed in 1...40 {
            let bytes = Array(mixedText(seed: UInt64(seed), length: 50 + seed * 37).utf8)
            let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            var expected: [AhoCorasick.Match] = []
            for end in 1...bytes.count {
                for (id, pattern) in folded.enumerated() where pattern.count <= end {
                    let start = end - pattern.count
                    guard Array(lowered[start..<end]) == pattern else { continue }
                    if start > 0, ScanText.isASCIIAlphanumeric(bytes[start]), ScanText.isASCIIAlphanumeric(bytes[start - 1]) { continue }
                    expected.append(AhoCorasick.Match(pattern: id, range: start..<end))
                }
            }
            let found = automaton.matches(in: bytes)
            #expect(Set(found.map { "\($0.pattern)@\($0.range)" }) == Set(expected.map { "\($0.pattern)@\($0.range)" }), "seed \(seed)")
        }
    }

    @Test("a pattern that starts with punctuation is found anywhere (the filter goes byte by byte)")
    func punctuationStart() {
        let automaton = AhoCorasick(patterns: ["#vip", "王伟"])
        let text = String(repeating: "普通文本 plain text ", count: 10) + "a#vip 王伟"
        #expect(automaton.matches(in: Array(text.utf8)).map(\.pattern) == [0, 1])
    }

    @Test("the corpus scanned as one long text finds exactly what each case finds alone (block paths agree with short texts)")
    func longTextAgreesWithShortOnes() throws {
        let scanner = PrivacyScanner(dictionary: [(text: "张伟", type: .personName), (text: "王芳", type: .personName)])
        let lines = try String(contentsOf: PrivacyCorpusTests.folder.appendingPathComponent("cases.jsonl"), encoding: .utf8).split(separator: "\n")
        let texts = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["text"] as? String }
        #expect(texts.count >= 300)
        // Eighteen scalars of punctuation between cases: no context word reaches across, no
        // filler is that long, and nothing joins.
        let separator = "\n" + String(repeating: "。", count: 16) + "\n"
        var combined = ""
        var offset = 0
        var expected: [String] = []
        for text in texts {
            for entity in scanner.scan(text).entities {
                expected.append("\(entity.type.rawValue)@\(entity.start + offset)-\(entity.end + offset):\(entity.text)")
            }
            combined += text + separator
            offset += text.unicodeScalars.count + separator.unicodeScalars.count
        }
        let found = scanner.scan(combined).entities.map { "\($0.type.rawValue)@\($0.start)-\($0.end):\($0.text)" }
        #expect(found.count == expected.count)
        #expect(found == expected)
    }
}
