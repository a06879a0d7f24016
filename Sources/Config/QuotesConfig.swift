/// The `quotes` section: where market quotes come from and how old they may be.
public struct QuotesConfig: Sendable, Equatable {
    /// Where quotes come from.
    public enum Source: String, Sendable, Equatable, CaseIterable {
        /// No quote source: the `quote` plugin is not offered.
        case none
        /// A simulated market for demonstrations (not real prices).
        case simulated
    }

    /// Where quotes come from.
    public var source: Source = .none
    /// How old a quote may be and still count as live.
    public var staleAfter: Duration = .seconds(10)
    /// The simulated market's random seed.
    public var seed: UInt64 = 20_261_129
    /// The simulated market's updates per second.
    public var updatesPerSecond: Int = 4

    /// No quote source.
    public static let defaults = QuotesConfig()
}
