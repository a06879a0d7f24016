import Foundation
import Plugins
import Wire

/// JSON facts as the rule language reads them.
extension JSONValue {
    /// The value as a rule value of `type`: decimals from numbers or decimal strings (exactly),
    /// dates from `YYYY-MM-DD`, lists of decimals from arrays.
    func ruleValue(as type: RuleType) -> RuleValue? {
        switch (type, self) {
        case (.decimal, .number(let literal)), (.decimal, .string(let literal)): Self.decimal(literal).map(RuleValue.decimal)
        case (.string, .string(let text)): .string(text)
        case (.date, .string(let text)): CalendarDay(text).map(RuleValue.date)
        case (.bool, .bool(let flag)): .bool(flag)
        case (.decimals, .array(let elements)):
            elements.allSatisfy({ Self.decimal($0.literal ?? "") != nil }) ? .decimals(elements.compactMap { Self.decimal($0.literal ?? "") }) : nil
        default: nil
        }
    }

    private var literal: String? {
        switch self {
        case .number(let text), .string(let text): text
        default: nil
        }
    }

    private static func decimal(_ text: String) -> Decimal? {
        guard text.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil else { return nil }
        return Decimal(string: text)
    }
}
