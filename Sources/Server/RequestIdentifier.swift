import Audit

/// Request ids: the app's own `x-request-id` when it is a sane token, otherwise a fresh one.
enum RequestIdentifier {
    /// The id for a request that came with `header` (possibly nil).
    static func make(from header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count), header.utf8.allSatisfy(isTokenByte) {
            return header
        }
        return "req_" + UniqueBits.hex(bytes: 16)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

}
