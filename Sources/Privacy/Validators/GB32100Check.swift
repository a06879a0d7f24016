/// The check character of the unified social credit code (GB 32100-2015).
public enum GB32100Check {
    /// The code's 31-character alphabet: digits and capitals without I, O, S, V and Z.
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// The value of an alphabet character, or nil for any other byte.
    static func value(_ byte: UInt8) -> Int? {
        guard byte < 128, values[Int(byte)] >= 0 else { return nil }
        return Int(values[Int(byte)])
    }

    /// Whether 18 characters from the alphabet end in the right check character.
    public static func isValid(_ characters: ArraySlice<UInt8>) -> Bool {
        guard characters.count == 18 else { return false }
        var sum = 0
        for (weight, byte) in zip(weights, characters) {
            guard let value = value(byte) else { return false }
            sum += weight * value
        }
        guard let last = characters.last, let check = value(last) else { return false }
        return check == (31 - sum % 31) % 31
    }
}
