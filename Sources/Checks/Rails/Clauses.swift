/// Where clauses and sentences of a text begin and end, for the scope of a negation and of a
/// warning: a clause ends at a comma, semicolon, colon or sentence end, and before a turn
/// (但, 不过, but, however); a sentence ends at 。！？!? , a full stop that is not a decimal
/// point, or a line break.
enum Clauses {
    /// Whether the scalar at `index` ends a clause.
    static func isClauseBoundary(_ text: AnswerText, at index: Int) -> Bool {
        let scalar = text.folded[index]
        switch scalar {
        case "，", ",", "；", ";", "：", ":", "、", "（", "(", "）", ")": return !(scalar == "," && isBetweenDigits(text, index))
        default: return isSentenceBoundary(text, at: index) || isTurn(text, at: index)
        }
    }

    /// Whether the scalar at `index` ends a sentence.
    static func isSentenceBoundary(_ text: AnswerText, at index: Int) -> Bool {
        switch text.folded[index] {
        case "。", "！", "？", "!", "?", "\n", "…": return true
        case ".": return !isBetweenDigits(text, index)
        default: return false
        }
    }

    /// The first scalar of the clause holding `index`.
    static func clauseStart(_ text: AnswerText, before index: Int) -> Int {
        var cursor = index - 1
        while cursor >= 0, !isClauseBoundary(text, at: cursor) { cursor -= 1 }
        return cursor + 1
    }

    /// The offset after the clause holding `index`.
    static func clauseEnd(_ text: AnswerText, after index: Int) -> Int {
        var cursor = index
        while cursor < text.count, !isClauseBoundary(text, at: cursor) { cursor += 1 }
        return cursor
    }

    /// The sentence holding `index`.
    static func sentence(_ text: AnswerText, around index: Int) -> Range<Int> {
        var start = min(index, text.count) - 1
        while start >= 0, !isSentenceBoundary(text, at: start) { start -= 1 }
        var end = index
        while end < text.count, !isSentenceBoundary(text, at: end) { end += 1 }
        return (start + 1)..<end
    }

    /// The part of the sentence holding `index` between the turns (但, but) around it: the
    /// scope of a refusal, which a turn ends (我无法推荐，不过… goes on to say something).
    static func turnScope(_ text: AnswerText, around index: Int) -> Range<Int> {
        let sentence = sentence(text, around: index)
        var start = index
        while start > sentence.lowerBound, !isTurn(text, at: start - 1) { start -= 1 }
        var end = index + 1
        while end < sentence.upperBound, !isTurn(text, at: end) { end += 1 }
        return start..<max(start, min(end, sentence.upperBound))
    }

    private static let turns: [[Unicode.Scalar]] = ["但", "不过", "然而", "可是", "却", " but ", " however", " yet "].map(AnswerText.fold)

    private static func isTurn(_ text: AnswerText, at index: Int) -> Bool {
        for turn in turns where text.hasPhrase(turn, at: index) { return true }
        return false
    }

    private static func isBetweenDigits(_ text: AnswerText, _ index: Int) -> Bool {
        index > 0 && index + 1 < text.count && text.folded[index - 1].isDigit && text.folded[index + 1].isDigit
    }
}
