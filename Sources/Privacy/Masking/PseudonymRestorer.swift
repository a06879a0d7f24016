/// Puts the real values back in place of the pseudonyms a vault issued. Text shaped like a
/// pseudonym that the vault never issued (one a model invented) is left alone and counted.
public struct PseudonymRestorer: Sendable {
    /// The longest pseudonym looked for, in UTF-8 bytes.
    public static let maximumPseudonymBytes = 64

    private let vault: PseudonymVault
    /// Pseudonyms restored so far.
    public private(set) var restored = 0
    /// Pseudonym-shaped strings left alone because they were never issued.
    public private(set) var invented = 0

    /// A restorer for the pseudonyms in `vault`.
    public init(vault: PseudonymVault) {
        self.vault = vault
    }

    /// `text` with every issued pseudonym replaced by its value.
    public mutating func restore(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "[")) else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "[[") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.lowerBound...]
            if let length = Self.pseudonymLength(at: afterOpen) {
                let candidate = afterOpen.utf8.prefix(length)
                let pseudonym = String(Substring(candidate))
                if let value = vault.value(for: pseudonym) {
                    output += value
                    restored += 1
                } else {
                    output += pseudonym
                    invented += 1
                }
                rest = afterOpen[afterOpen.utf8.index(afterOpen.startIndex, offsetBy: length)...]
            } else {
                output += "["
                rest = afterOpen.dropFirst()
            }
        }
        output += rest
        return output
    }

    /// The UTF-8 length of the pseudonym `[[name_n]]` starting `text`, if one does.
    static func pseudonymLength(at text: Substring) -> Int? {
        let bytes = text.utf8
        var index = bytes.startIndex
        var length = 0
        func next() -> UInt8? {
            guard index != bytes.endIndex, length < maximumPseudonymBytes else { return nil }
            defer {
                index = bytes.index(after: index)
                length += 1
            }
            return bytes[index]
        }
        guard next() == UInt8(ascii: "["), next() == UInt8(ascii: "[") else { return nil }
        var sawName = false
        var digitsAfterUnderscore = 0
        while let byte = next() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                sawName = true
                digitsAfterUnderscore = -1
            case UInt8(ascii: "_"):
                digitsAfterUnderscore = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digitsAfterUnderscore >= 0 { digitsAfterUnderscore += 1 }
            case UInt8(ascii: "]"):
                guard sawName, digitsAfterUnderscore > 0, next() == UInt8(ascii: "]") else { return nil }
                return length
            default:
                return nil
            }
        }
        return nil
    }

    /// How many bytes at the end of `text` could be the start of a pseudonym and must wait for more text.
    static func pendingSuffixLength(of text: String) -> Int {
        let bytes = Array(text.utf8)
        let lowest = max(0, bytes.count - maximumPseudonymBytes)
        // The earliest position wins: in "…[[" both brackets must wait.
        for index in lowest..<bytes.count where bytes[index] == UInt8(ascii: "[") && couldStartPseudonym(bytes[index...]) {
            return bytes.count - index
        }
        return 0
    }

    /// Whether `bytes` is a proper prefix of some `[[name_n]]`.
    private static func couldStartPseudonym(_ bytes: ArraySlice<UInt8>) -> Bool {
        var position = 0
        for byte in bytes {
            switch position {
            case 0, 1:
                guard byte == UInt8(ascii: "[") else { return false }
            default:
                let allowed = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "]")
                guard allowed else { return false }
            }
            position += 1
        }
        // A complete pseudonym would already have been restored; "…]]" ends the candidate.
        return !(bytes.count >= 2 && bytes.suffix(2).elementsEqual([UInt8(ascii: "]"), UInt8(ascii: "]")]))
    }
}
