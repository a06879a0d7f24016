/// A check a custom recognizer can require of its matches (config `validator:`).
public enum ChecksumValidator: String, Sendable, CaseIterable {
    /// Payment card Luhn (mod 10).
    case luhn
    /// ISO 7064 MOD 11-2, as in the 18-digit resident identity number.
    case mod11_2 = "mod11-2"
    /// GB 32100 unified social credit code.
    case gb32100
    /// ISO 13616 IBAN mod 97.
    case mod97

    /// Whether `text` passes; spaces and dashes are ignored, letters compared in upper case.
    public func isValid(_ text: String) -> Bool {
        let characters = ArraySlice(text.utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"): nil
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
            default: byte
            }
        })
        switch self {
        case .luhn: return Luhn.isValid(characters)
        case .mod11_2: return ISO7064Mod11_2.isValid(characters)
        case .gb32100: return GB32100Check.isValid(characters)
        case .mod97: return ISO13616Mod97.isValid(characters)
        }
    }
}
