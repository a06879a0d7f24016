/// `securities_account`: an account number right after a context word (股东账户, 证券账户,
/// 资金账号, account …). Shanghai `A` + 9 digits, Shenzhen `0` + 9 digits, the one-stop 一码通
/// account of 12 digits, and after a fund-account word (资金账号, 资金账户) any 6–20 digits.
/// None of these formats has a check digit, so without a context word nothing is reported.
struct SecuritiesAccountRecognizer: RunRecognizer {
    let type = EntityType.securitiesAccount
    let yieldsToNegativeContext = true
    /// How far before the value (in Unicode scalars) a context word may end.
    static let contextReach = 12

    private let accountWords = ContextWords(["股东账户", "股东账号", "股东代码", "证券账户", "证券账号", "一码通", "account", "acct", "资金账号", "资金账户"])
    private let fundAccountWords = ContextWords(["资金账号", "资金账户"])

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
        let window = text.window(before: candidate.byteStart, scalars: Self.contextReach)
        if shaped, accountWords.occurs(in: window, of: text) {
            return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.8)
        }
        if candidate.isAllDigits, (6...20).contains(characters.count), fundAccountWords.occurs(in: window, of: text) {
            return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.8)
        }
        return nil
    }
}
