import Foundation
import Synchronization

/// The latest quote of every security, as the quote source last delivered it, with a staleness
/// limit: a quote older than ``staleAfter`` is reported as stale, never passed off as live.
public final class QuoteStore: Sendable {
    private let quotes = Mutex<[String: Quote]>([:])
    /// How old a quote may be and still count as live.
    public let staleAfter: Duration
    /// Where the quotes come from (for provenance), e.g. `simulated market`.
    public let source: String

    /// Creates an empty store.
    public init(staleAfter: Duration, source: String) {
        self.staleAfter = staleAfter
        self.source = source
    }

    /// Records quotes (replacing older ones of the same codes).
    public func update(_ updates: [Quote]) {
        quotes.withLock { current in
            for quote in updates where current[quote.code].map({ $0.asOf <= quote.asOf }) ?? true {
                current[quote.code] = quote
            }
        }
    }

    /// The latest quote of `code`, and whether it is stale at `now`.
    public func quote(_ code: String, now: Date = Date()) -> (quote: Quote, stale: Bool)? {
        guard let quote = quotes.withLock({ $0[code] }) else { return nil }
        let age = now.timeIntervalSince(quote.asOf)
        let limit = Double(staleAfter.components.seconds) + Double(staleAfter.components.attoseconds) / 1e18
        return (quote, age > limit)
    }

    /// How many securities have a quote.
    public var count: Int { quotes.withLock { $0.count } }
}
