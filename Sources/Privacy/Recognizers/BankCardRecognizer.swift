/// `bank_card`: 13–19 digits passing Luhn, with a payment-card first digit (3–6, or a 16-digit
/// 2221–2720 number), written whole or in groups of four joined by single spaces or dashes.
struct BankCardRecognizer: RunRecognizer {
    let type = EntityType.bankCard
    /// Up to 19 digits in groups of four.
    static let maximumGroups = 5
    let yieldsToNegativeContext = true

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let digits = candidate.characters
        guard candidate.isAllDigits, (13...19).contains(digits.count), hasCardPrefix(digits) else { return nil }
        if candidate.runCount > 1 {
            // Grouped: every group of four but the last, which has one to four.
            for index in candidate.firstRun..<candidate.lastRun where text.runs[index].length != 4 { return nil }
        }
        guard Luhn.isValid(digits) else { return nil }
        return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.9)
    }

    private func hasCardPrefix(_ digits: ArraySlice<UInt8>) -> Bool {
        let first = digits[digits.startIndex]
        if first >= UInt8(ascii: "3"), first <= UInt8(ascii: "6") { return true }
        guard first == UInt8(ascii: "2"), digits.count == 16, let prefix = Digits.value(digits.prefix(4)) else { return false }
        return (2221...2720).contains(prefix)
    }
}
