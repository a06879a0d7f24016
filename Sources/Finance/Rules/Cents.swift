/// Prices as whole fen (0.01 CNY), the unit A-share prices move in: exact, and cheap enough for
/// millions of order checks a second.
public enum Cents {
    /// The fen in a decimal string such as `12.34`, `12.3`, `12` or `12.340`; nil for anything
    /// else, negative amounts and more than three decimals. `wholeFen` is false when the third
    /// decimal is not zero (a price off the 0.01 tick).
    public static func parse(_ text: String) -> (fen: Int, wholeFen: Bool)? {
        var fen = 0
        var decimals = -1
        var thousandth = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if decimals < 0 {
                    guard fen <= 1_000_000_000_000 else { return nil }
                    fen = fen * 10 + digit
                } else if decimals < 2 {
                    fen = fen * 10 + digit
                    decimals += 1
                } else if decimals == 2 {
                    thousandth = digit
                    decimals += 1
                } else {
                    return nil
                }
            case UInt8(ascii: "."):
                guard decimals < 0 else { return nil }
                decimals = 0
            default:
                return nil
            }
        }
        guard !text.isEmpty, text.utf8.first != UInt8(ascii: "."), decimals != 0 || !text.hasSuffix(".") else { return nil }
        let scale = decimals <= 0 ? 2 : max(0, 2 - min(decimals, 2))
        for _ in 0..<scale { fen *= 10 }
        return (fen, thousandth == 0)
    }

    /// `1234` → `"12.34"`.
    public static func string(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = abs(fen)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
