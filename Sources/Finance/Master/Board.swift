/// A board of the China A-share market.
public enum Board: String, Sendable, CaseIterable, Codable {
    /// The Shanghai and Shenzhen main boards.
    case main
    /// ChiNext (创业板, Shenzhen).
    case chinext
    /// The STAR Market (科创板, Shanghai).
    case star
    /// The Beijing Stock Exchange (北交所).
    case bse

    /// The board a six-digit code belongs to, from its prefix; nil when the prefix is not an A-share stock's.
    public init?(code: String) {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        switch code.prefix(3) {
        case "600", "601", "603", "605", "000", "001", "002", "003": self = .main
        case "300", "301", "302": self = .chinext
        case "688", "689": self = .star
        case "920": self = .bse
        default:
            switch code.prefix(2) {
            case "43", "83", "87", "88": self = .bse
            default: return nil
            }
        }
    }

    /// The minimum buy quantity and, for main board and ChiNext, the lot buys come in.
    public var minimumBuy: Int {
        switch self {
        case .main, .chinext, .bse: 100
        case .star: 200
        }
    }
}

/// The exchange a security trades on.
public enum Exchange: String, Sendable, CaseIterable, Codable {
    /// Shanghai Stock Exchange.
    case sse = "SSE"
    /// Shenzhen Stock Exchange.
    case szse = "SZSE"
    /// Beijing Stock Exchange.
    case bse = "BSE"

    /// The exchange of a six-digit A-share code.
    public init?(code: String) {
        guard let board = Board(code: code) else { return nil }
        switch board {
        case .bse: self = .bse
        case .star: self = .sse
        case .chinext: self = .szse
        case .main: self = code.hasPrefix("6") ? .sse : .szse
        }
    }
}
