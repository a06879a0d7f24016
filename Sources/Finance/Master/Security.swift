import Plugins

/// One listed security of the master: code, name, where and how it trades.
public struct Security: Sendable, Equatable {
    /// The six-digit code.
    public var code: String
    /// The short name (证券简称).
    public var name: String
    /// The exchange.
    public var exchange: Exchange
    /// The board.
    public var board: Board
    /// Whether it is under risk warning (ST, *ST).
    public var riskWarning: Bool
    /// The listing date, when known.
    public var listingDate: CalendarDay?
    /// The minimum buy quantity.
    public var lot: Int

    /// Creates a security.
    public init(code: String, name: String, exchange: Exchange, board: Board, riskWarning: Bool, listingDate: CalendarDay?, lot: Int) {
        self.code = code
        self.name = name
        self.exchange = exchange
        self.board = board
        self.riskWarning = riskWarning
        self.listingDate = listingDate
        self.lot = lot
    }
}
