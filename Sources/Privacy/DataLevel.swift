/// A data security level, L1 (public) to L5 (important data), after JR/T 0197-2020.
public struct DataLevel: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 1 to 5.
    public let rawValue: Int

    /// The level `rawValue`, or nil outside 1…5.
    public init?(rawValue: Int) {
        guard (1...5).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { "L\(rawValue)" }

    public static func < (lhs: DataLevel, rhs: DataLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// L1: public or publicly obtainable data.
    public static let public1 = DataLevel(rawValue: 1)!
    /// L2: internal data and C1 personal financial information.
    public static let internal2 = DataLevel(rawValue: 2)!
    /// L3: C2 personal financial information (identity numbers, accounts, contact numbers).
    public static let sensitive3 = DataLevel(rawValue: 3)!
    /// L4: C3 authentication data (passwords, card security codes, one-time codes).
    public static let authentication4 = DataLevel(rawValue: 4)!
    /// L5: important data.
    public static let important5 = DataLevel(rawValue: 5)!
}
