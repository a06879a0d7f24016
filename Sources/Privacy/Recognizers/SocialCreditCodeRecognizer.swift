/// `cn_uscc`: the 18-character unified social credit code with its GB 32100 check character.
struct SocialCreditCodeRecognizer: RunRecognizer {
    let type = EntityType.cnUSCC

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        guard candidate.characters.count == 18, GB32100Check.isValid(candidate.characters) else { return nil }
        // Positions 3–8 are a region code: digits only.
        let start = candidate.characters.startIndex
        guard Digits.areDigits(candidate.characters[(start + 2)..<(start + 8)]) else { return nil }
        return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.95)
    }
}
