/// The terms search matches on, for Chinese and English alike: runs of letters and digits
/// (lower-cased, full-width forms folded to ASCII) are words; runs of CJK characters give their
/// overlapping bigrams (a single character stands alone), so 涨跌幅限制 matches 涨跌幅.
public enum SearchTokenizer {
    /// The terms of `text`, in order.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var word = ""
        var cjk: [Character] = []
        func flushWord() {
            if !word.isEmpty { terms.append(word) }
            word = ""
        }
        func flushCJK() {
            if cjk.count == 1 {
                terms.append(String(cjk[0]))
            } else if cjk.count > 1 {
                for index in 0..<(cjk.count - 1) { terms.append(String(cjk[index...index + 1])) }
            }
            cjk = []
        }
        for scalar in text.unicodeScalars {
            let folded = fold(scalar)
            if isCJK(folded) {
                flushWord()
                cjk.append(Character(folded))
            } else if folded.properties.isAlphabetic || folded.properties.numericType != nil {
                flushCJK()
                word.unicodeScalars.append(contentsOf: folded.properties.lowercaseMapping.unicodeScalars)
            } else {
                flushWord()
                flushCJK()
            }
        }
        flushWord()
        flushCJK()
        return terms
    }

    /// Full-width ASCII (ＡＢＣ１２３) folded to ASCII.
    private static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar : scalar
    }

    /// CJK ideographs, kana and hangul syllables.
    private static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3040...0x30FF, 0xAC00...0xD7AF: true
        default: false
        }
    }
}
