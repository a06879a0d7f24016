/// The IBAN check (ISO 13616): move the first four characters to the end, read letters as
/// 10–35, and the number mod 97 must be 1.
public enum ISO13616Mod97 {
    /// Whether the characters (capitals and digits, no spaces) form an IBAN that passes the check.
    public static func isValid(_ characters: ArraySlice<UInt8>) -> Bool {
        guard characters.count >= 15, characters.count <= 34 else { return false }
        let start = characters.startIndex
        let rotated = characters[(start + 4)...] + characters[start..<(start + 4)]
        var remainder = 0
        for byte in rotated {
            switch byte {
            case 0x30...0x39:
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            case 0x41...0x5A:
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            default:
                return false
            }
        }
        return remainder == 1
    }
}
