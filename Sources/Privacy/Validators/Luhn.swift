/// The Luhn (mod 10) check used by payment card numbers (ISO/IEC 7812).
public enum Luhn {
    /// Whether the ASCII digits pass the check; false for any non-digit or fewer than two digits.
    public static func isValid(_ digits: ArraySlice<UInt8>) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        var double = false
        for byte in digits.reversed() {
            guard byte >= 0x30, byte <= 0x39 else { return false }
            var value = Int(byte - 0x30)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }
}
