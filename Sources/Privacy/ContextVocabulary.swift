/// The context words the built-in recognizers look for, and what each kind means.
enum ContextVocabulary {
    /// The kinds of context word.
    enum Kind: Hashable, Sendable {
        /// Says a number is not personal data (order, reference and invoice numbers).
        case negative
        /// Makes a value of this type more likely.
        case positive(EntityType)
        /// Announces a securities account number.
        case account
        /// Announces a fund account number (any 6–20 digits).
        case fundAccount
        /// Announces authentication data of a group of ``AuthenticationDataRecognizer``.
        case authentication(group: Int)
    }

    /// Negative context words.
    static let negative = [
        "订单号", "订单编号", "流水号", "单号", "合同号", "编号", "交易号", "委托号", "快递单号",
        "order no", "order number", "order id", "reference", "ref", "invoice", "tracking",
    ]

    /// The types that have positive context words, in a fixed order (see ``Kind/slot``).
    static let positiveTypes: [EntityType] = [.cnIDCard, .cnMobile, .bankCard, .cnPassport, .cnUSCC]

    /// Positive context words by type.
    static let positive: [EntityType: [String]] = [
        .cnIDCard: ["身份证", "身份证号", "证件号", "ID card", "ID number"],
        .cnMobile: ["手机", "手机号", "电话", "联系方式", "mobile", "phone", "tel", "call"],
        .bankCard: ["卡号", "银行卡", "信用卡", "借记卡", "card", "card number"],
        .cnPassport: ["护照", "passport"],
        .cnUSCC: ["统一社会信用代码", "信用代码", "credit code"],
    ]

    /// Words announcing a securities account.
    static let account = ["股东账户", "股东账号", "股东代码", "证券账户", "证券账号", "一码通", "account", "acct", "资金账号", "资金账户"]

    /// Words announcing a fund account.
    static let fundAccount = ["资金账号", "资金账户"]

    /// Every word with its kind, for the scanner's automaton.
    static var all: [(word: String, kind: Kind)] {
        var words = negative.map { ($0, Kind.negative) } + account.map { ($0, Kind.account) } + fundAccount.map { ($0, Kind.fundAccount) }
        for (type, list) in positive { words += list.map { ($0, Kind.positive(type)) } }
        for (group, list) in AuthenticationDataRecognizer.contextWords.enumerated() {
            words += list.map { ($0, Kind.authentication(group: group)) }
        }
        return words
    }
}

extension ContextVocabulary.Kind {
    /// A small number per kind, so an index can be an array; nil for a kind the index does not keep.
    var slot: Int? {
        switch self {
        case .negative: 0
        case .account: 1
        case .fundAccount: 2
        case .positive(let type): ContextVocabulary.positiveTypes.firstIndex(of: type).map { 3 + $0 }
        case .authentication: nil
        }
    }
}

/// Where the context words of one text end, by kind, found in the scanner's single pass.
///
/// One list for all kinds, in order of where the words end, so that a text costs one
/// allocation however many kinds it holds; a bit per kind says whether it holds any at all.
struct ContextIndex: Sendable {
    /// Per word: where it ends, shifted left by 8, with its kind's slot in the low byte.
    private var words: [Int] = []
    private var present: UInt32 = 0

    /// Records a word of `kind` ending at byte `end` (in increasing order of `end`).
    mutating func add(_ kind: ContextVocabulary.Kind, end: Int) {
        guard let slot = kind.slot else { return }
        words.append(end << 8 | slot)
        present |= 1 << slot
    }

    /// Whether a word of `kind` ends after `range.lowerBound` and at or before `range.upperBound`.
    func contains(_ kind: ContextVocabulary.Kind, endingIn range: Range<Int>) -> Bool {
        guard present != 0, let slot = kind.slot, present & (1 << slot) != 0 else { return false }
        var low = 0
        var high = words.count
        while low < high {
            let middle = (low + high) / 2
            if words[middle] >> 8 <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        while low < words.count, words[low] >> 8 <= range.upperBound {
            if words[low] & 0xFF == slot { return true }
            low += 1
        }
        return false
    }
}
