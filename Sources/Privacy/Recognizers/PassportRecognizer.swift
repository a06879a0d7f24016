/// `cn_passport`: `E` + 8 digits, `E` + a letter (not I or O) + 7 digits, or `G` + 8 digits.
struct PassportRecognizer: RunRecognizer {
    let type = EntityType.cnPassport
    let yieldsToNegativeContext = true

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let characters = candidate.characters
        guard characters.count == 9 else { return nil }
        let start = characters.startIndex
        let first = characters[start]
        let second = characters[start + 1]
        let matches: Bool
        switch first {
        case UInt8(ascii: "E"):
            if Digits.areDigits(characters.dropFirst()) {
                matches = true
            } else {
                matches = second >= UInt8(ascii: "A") && second <= UInt8(ascii: "Z") && second != UInt8(ascii: "I")
                    && second != UInt8(ascii: "O") && Digits.areDigits(characters.dropFirst(2))
            }
        case UInt8(ascii: "G"):
            matches = Digits.areDigits(characters.dropFirst())
        default:
            matches = false
        }
        return matches ? RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.7) : nil
    }
}
