import Config
import Foundation

/// What each backend charges, and what a call there costs.
public struct PriceTable: Sendable {
    private let exact: [String: PriceConfig]
    private let byBackend: [String: PriceConfig]

    /// A table of `prices`.
    public init(prices: [PriceConfig]) {
        var exact: [String: PriceConfig] = [:]
        var byBackend: [String: PriceConfig] = [:]
        for price in prices {
            if let model = price.model { exact[Self.key(price.backend, model)] = price } else { byBackend[price.backend] = price }
        }
        self.exact = exact
        self.byBackend = byBackend
    }

    /// Whether any price is configured.
    public var isEmpty: Bool { exact.isEmpty && byBackend.isEmpty }

    /// The price of `model` on `backend`: the price for that model, else the backend's; nil when free.
    public func price(backend: String, model: String) -> PriceConfig? {
        exact[Self.key(backend, model)] ?? byBackend[backend]
    }

    /// What `promptTokens` and `completionTokens` cost on `backend` serving `model`.
    public func cost(backend: String, model: String, promptTokens: Int, completionTokens: Int) -> Decimal {
        guard let price = price(backend: backend, model: model) else { return 0 }
        return (Decimal(promptTokens) * price.inputPerMillion + Decimal(completionTokens) * price.outputPerMillion) / 1_000_000
    }

    /// The most `promptTokens` and `completionTokens` can cost on any of `targets` (backend and
    /// upstream model pairs): what a budget reserves before it knows which serves.
    public func highestCost(of targets: [(backend: String, model: String)], promptTokens: Int, completionTokens: Int) -> Decimal {
        targets.map { cost(backend: $0.backend, model: $0.model, promptTokens: promptTokens, completionTokens: completionTokens) }.max() ?? 0
    }

    private static func key(_ backend: String, _ model: String) -> String {
        backend + "\u{0}" + model
    }
}
