/// The kind of a sensitive value: one of the built-in recognizers' types or a custom one from config.
public struct EntityType: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The type's name as it appears in config, the audit trail and `switchboard inspect`.
    public let rawValue: String

    /// A type with this name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Resident identity number (18-digit with MOD 11-2 check, or the old 15-digit form).
    public static let cnIDCard = EntityType(rawValue: "cn_id_card")
    /// Mainland mobile number, with or without a +86 prefix.
    public static let cnMobile = EntityType(rawValue: "cn_mobile")
    /// Payment card number (Luhn).
    public static let bankCard = EntityType(rawValue: "bank_card")
    /// Unified social credit code (GB 32100).
    public static let cnUSCC = EntityType(rawValue: "cn_uscc")
    /// Shanghai/Shenzhen securities or fund account, next to a context word.
    public static let securitiesAccount = EntityType(rawValue: "securities_account")
    /// E-mail address.
    public static let email = EntityType(rawValue: "email")
    /// International bank account number (ISO 13616 mod 97).
    public static let iban = EntityType(rawValue: "iban")
    /// People's Republic of China passport number.
    public static let cnPassport = EntityType(rawValue: "cn_passport")
    /// IPv4 or IPv6 address.
    public static let ipAddress = EntityType(rawValue: "ip_address")
    /// A password or PIN next to its context word.
    public static let password = EntityType(rawValue: "password")
    /// A card security code (CVV, CVN2, 安全码).
    public static let cardSecurityCode = EntityType(rawValue: "card_security_code")
    /// A card expiry date next to its context word.
    public static let cardExpiry = EntityType(rawValue: "card_expiry")
    /// A one-time or SMS verification code.
    public static let oneTimeCode = EntityType(rawValue: "one_time_code")
    /// A person's name from the institution's dictionary.
    public static let personName = EntityType(rawValue: "person_name")
    /// A client identifier from the institution's dictionary.
    public static let clientID = EntityType(rawValue: "client_id")

    /// Every built-in type.
    public static let builtIn: [EntityType] = [
        .cnIDCard, .cnMobile, .bankCard, .cnUSCC, .securitiesAccount, .email, .iban, .cnPassport, .ipAddress,
        .password, .cardSecurityCode, .cardExpiry, .oneTimeCode, .personName, .clientID,
    ]
}
