/// The ISO 7064 MOD 11-2 check character of the 18-digit resident identity number (GB 11643).
public enum ISO7064Mod11_2 {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// The check character for 17 ASCII digits, or nil when they are not 17 digits.
    public static func checkCharacter(_ digits: ArraySlice<UInt8>) -> UInt8? {
        guard digits.count == 17 else { return nil }
        var sum = 0
        for (weight, byte) in zip(weights, digits) {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            sum += weight * Int(byte - 0x30)
        }
        return checkCharacters[sum % 11]
    }

    /// Whether 18 characters end in the right check character (`x` is read as `X`).
    public static func isValid(_ characters: ArraySlice<UInt8>) -> Bool {
        guard characters.count == 18, let last = characters.last,
              let expected = checkCharacter(characters.dropLast())
        else { return false }
        return expected == (last == UInt8(ascii: "x") ? UInt8(ascii: "X") : last)
    }
}
