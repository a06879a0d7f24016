/// `iban`: two capitals, two check digits and 11–30 capitals or digits passing ISO 13616
/// mod 97, written whole or in groups of four joined by single spaces.
struct IBANRecognizer: RunRecognizer {
    let type = EntityType.iban
    /// Up to 34 characters in groups of four.
    static let maximumGroups = 9

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let characters = candidate.characters
        guard (15...34).contains(characters.count) else { return nil }
        let start = characters.startIndex
        guard isCapital(characters[start]), isCapital(characters[start + 1]),
              Digits.areDigits(characters[(start + 2)..<(start + 4)]),
              characters.allSatisfy({ isCapital($0) || ($0 >= 0x30 && $0 <= 0x39) })
        else { return nil }
        if candidate.runCount > 1 {
            for index in candidate.firstRun..<candidate.lastRun {
                if text.runs[index].length != 4 || text.runs[index].joiner != UInt8(ascii: " ") { return nil }
            }
        }
        guard ISO13616Mod97.isValid(characters) else { return nil }
        return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.95)
    }

    private func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
}
