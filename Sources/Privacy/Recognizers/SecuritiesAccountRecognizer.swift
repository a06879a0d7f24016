/// `securities_account`: an account number right after a context word (股东账户, 证券账户,
/// 资金账号, account …). Shanghai `A` + 9 digits, Shenzhen `0` + 9 digits, the one-stop 一码通
/// account of 12 digits, and after a fund-account word (资金账号, 资金账户) any 6–20 digits.
/// None of these formats has a check digit, so without a context word nothing is reported.
struct SecuritiesAccountRecognizer: RunRecognizer {
    let type = EntityType.securitiesAccount
    let yieldsToNegativeContext = true


    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let characters = candidate.characters
        let first = characters[characters.startIndex]
        let shaped: Bool
        switch characters.count {
        case 10 where first == UInt8(ascii: "A"): shaped = Digits.areDigits(characters.dropFirst())
        case 10, 12: shaped = candidate.isAllDigits
        default: shaped = false
        }
        guard shaped || (candidate.isAllDigits && (6...20).contains(characters.count)) else { return nil }
        let reach = PrivacyScanner.contextReach
        if shaped, text.hasContext(.account, within: reach, before: candidate.byteStart) {
            return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.8)
        }
        if candidate.isAllDigits, (6...20).contains(characters.count), text.hasContext(.fundAccount, within: reach, before: candidate.byteStart) {
            return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.8)
        }
        return nil
    }
}
