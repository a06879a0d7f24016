/// The pseudonyms issued in one exchange: each distinct value of a type gets one pseudonym,
/// `[[type_n]]`, the same wherever it occurs.
public struct PseudonymVault: Sendable {
    private var byValue: [String: String] = [:]
    private var byPseudonym: [String: String] = [:]
    private var counters: [EntityType: Int] = [:]

    /// An empty vault.
    public init() {}

    /// How many pseudonyms were issued.
    public var count: Int { byPseudonym.count }

    /// The pseudonym for `value` of `type`, issuing one if needed.
    public mutating func pseudonym(for value: String, type: EntityType) -> String {
        let key = "\(type.rawValue)\u{0}\(value)"
        if let existing = byValue[key] { return existing }
        let number = (counters[type] ?? 0) + 1
        counters[type] = number
        let pseudonym = "[[\(type.rawValue)_\(number)]]"
        byValue[key] = pseudonym
        byPseudonym[pseudonym] = value
        return pseudonym
    }

    /// The value a pseudonym stands for, if this vault issued it.
    public func value(for pseudonym: some StringProtocol) -> String? {
        byPseudonym[String(pseudonym)]
    }
}
