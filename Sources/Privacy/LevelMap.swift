/// Which data level each entity type carries.
public struct LevelMap: Sendable, Equatable {
    private var levels: [EntityType: DataLevel]

    /// The built-in map: authentication data L4 (C3); identity, contact and account numbers,
    /// names and client ids L3 (C2); e-mail, IP addresses and credit codes L2.
    public static let defaults = LevelMap(levels: [
        .password: .authentication4, .cardSecurityCode: .authentication4, .cardExpiry: .authentication4, .oneTimeCode: .authentication4,
        .cnIDCard: .sensitive3, .cnMobile: .sensitive3, .bankCard: .sensitive3, .securitiesAccount: .sensitive3, .iban: .sensitive3,
        .cnPassport: .sensitive3, .personName: .sensitive3, .clientID: .sensitive3,
        .email: .internal2, .ipAddress: .internal2, .cnUSCC: .internal2,
    ])

    /// A map with exactly these levels.
    public init(levels: [EntityType: DataLevel]) {
        self.levels = levels
    }

    /// The level of `type`; L3 for a type the map does not name, so an unmapped type is never treated as public.
    public func level(of type: EntityType) -> DataLevel {
        levels[type] ?? .sensitive3
    }

    /// This map with `overrides` applied.
    public func merging(_ overrides: [EntityType: DataLevel]) -> LevelMap {
        LevelMap(levels: levels.merging(overrides) { _, new in new })
    }
}
