import Foundation

/// `cn_id_card`: the 18-digit resident identity number (GB 11643: region, birth date, sequence,
/// MOD 11-2 check character) and the old 15-digit form (region, YYMMDD, sequence).
struct ResidentIDRecognizer: RunRecognizer {
    let type = EntityType.cnIDCard
    /// The clock that bounds birth dates: a number whose birth date is after today is no
    /// identity number.
    let clock: @Sendable () -> Date

    /// The first two digits of every province-level region code.
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
        61, 62, 63, 64, 65, 71, 81, 82,
    ]

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let characters = candidate.characters
        let start = characters.startIndex
        switch characters.count {
        case 18:
            guard ISO7064Mod11_2.isValid(characters), Self.hasProvince(characters),
                  let year = Digits.value(characters[(start + 6)..<(start + 10)]),
                  let month = Digits.value(characters[(start + 10)..<(start + 12)]),
                  let day = Digits.value(characters[(start + 12)..<(start + 14)]),
                  year >= 1900, CalendarDate.isValid(year: year, month: month, day: day),
                  year * 10_000 + month * 100 + day <= CalendarDate.chinaDate(of: clock())
            else { return nil }
        case 15:
            guard candidate.isAllDigits, Self.hasProvince(characters),
                  let year = Digits.value(characters[(start + 6)..<(start + 8)]),
                  let month = Digits.value(characters[(start + 8)..<(start + 10)]),
                  let day = Digits.value(characters[(start + 10)..<(start + 12)]),
                  CalendarDate.isValid(year: 1900 + year, month: month, day: day)
            else { return nil }
        default:
            return nil
        }
        return RecognizedSpan(byteStart: candidate.byteStart, byteEnd: candidate.byteEnd, confidence: 0.95)
    }

    /// ``provinces`` as a table indexed by code, so that a candidate costs no hashing.
    private static let isProvince: [Bool] = (0..<100).map(provinces.contains)

    private static func hasProvince(_ characters: ArraySlice<UInt8>) -> Bool {
        guard let code = Digits.value(characters.prefix(2)) else { return false }
        return isProvince[code]
    }
}
