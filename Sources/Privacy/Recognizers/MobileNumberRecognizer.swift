/// `cn_mobile`: a mainland mobile number, `1[3-9]` and nine more digits, optionally after
/// `+86`, `86` or `0086`, whole or grouped 3-4-4 with single spaces or dashes. The span includes
/// the prefix and its `+`.
struct MobileNumberRecognizer: RunRecognizer {
    let type = EntityType.cnMobile
    let yieldsToNegativeContext = true

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        guard candidate.isAllDigits else { return nil }
        let digits = candidate.characters
        let prefixLength: Int
        switch digits.count {
        case 11: prefixLength = 0
        case 13 where digits.first == 0x38 && digits[digits.startIndex + 1] == 0x36: prefixLength = 2  // 86
        case 15 where digits.prefix(4).elementsEqual("0086".utf8): prefixLength = 4  // 0086
        default: return nil
        }
        let number = digits.dropFirst(prefixLength)
        guard number[number.startIndex] == UInt8(ascii: "1"),
              number[number.startIndex + 1] >= UInt8(ascii: "3"), number[number.startIndex + 1] <= UInt8(ascii: "9")
        else { return nil }
        guard groupsAreValid(candidate, prefixLength: prefixLength, in: text) else { return nil }
        var start = candidate.byteStart
        if prefixLength > 0, start > 0, text.bytes[start - 1] == UInt8(ascii: "+") { start -= 1 }
        return RecognizedSpan(byteStart: start, byteEnd: candidate.byteEnd, confidence: 0.8)
    }

    /// The number itself is one run or three (3-4-4); a prefix is its own run or part of the first.
    private func groupsAreValid(_ candidate: RunCandidate, prefixLength: Int, in text: ScanText) -> Bool {
        var first = candidate.firstRun
        var firstLength = text.runs[first].length
        if prefixLength > 0 {
            if firstLength == prefixLength, candidate.lastRun > first {
                first += 1
                firstLength = text.runs[first].length
            } else {
                firstLength -= prefixLength
            }
        }
        switch candidate.lastRun - first {
        case 0: return firstLength == 11
        case 2: return firstLength == 3 && text.runs[first + 1].length == 4 && text.runs[first + 2].length == 4
        default: return false
        }
    }
}
