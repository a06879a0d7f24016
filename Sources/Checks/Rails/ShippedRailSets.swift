/// The rule sets Switchboard ships, applied to every scenario that does not configure its own.
public enum ShippedRailSets {
    /// `guarantees`: promises of principal protection, guaranteed returns, no risk, certain
    /// gains, covered losses and inside information (Advertising Law Art. 25, 资管新规,
    /// 证券投资顾问业务暂行规定 Art. 19). Blocks.
    public static let guarantees = RailSet(name: "guarantees", rules: [
        RailRule(
            name: "no-guarantees", category: "guarantee", action: .block,
            matcher: .claims(phrases: guaranteePhrases, allowed: guaranteeLookalikes)),
    ])

    /// `recommendation-disclosure`: a call on a named security or a product must carry a risk
    /// disclosure (证券投资顾问业务暂行规定 Art. 19); without one, the customary line is appended.
    public static let recommendationDisclosure = RailSet(name: "recommendation-disclosure", rules: [
        RailRule(
            name: "recommendation-needs-disclosure", category: "undisclosed-recommendation", action: .append(defaultDisclosure),
            matcher: .recommendation(unlessDisclosed: true)),
    ])

    /// The line appended to an undisclosed recommendation.
    public static let defaultDisclosure = Disclosure(chinese: "投资有风险，入市需谨慎。以上内容不构成投资建议。", english: "Investing involves risk. This is not investment advice.")

    /// Every shipped set, by name.
    public static let all: [String: RailSet] = [guarantees.name: guarantees, recommendationDisclosure.name: recommendationDisclosure]

    /// The sets a scenario gets when it names none.
    public static let defaults = [guarantees, recommendationDisclosure]

    static let guaranteePhrases = [
        "保本", "保本保息", "保证本金", "本金无忧", "本金安全有保障", "保收益", "保证收益", "收益有保障", "收益有保证", "保证回报", "承诺收益", "承诺…收益", "保证…收益",
        "保证…回报", "保证…盈利", "保证…赚", "收益率锁定", "锁定收益", "固定收益保证", "零风险", "无风险", "没有风险", "毫无风险", "没有任何风险", "绝对安全", "100%安全",
        "百分百安全", "稳赚", "稳赚不赔", "稳赚不亏", "包赚", "只赚不赔", "只涨不跌", "必涨", "肯定会涨", "肯定涨", "一定会涨", "一定涨", "必然上涨", "翻倍没问题", "保证翻倍",
        "不会亏", "亏不了", "不会赔", "赔不了", "不会亏损", "不可能亏", "稳拿", "稳赚钱", "躺赚", "亏损…承担", "亏损…补偿", "亏损…兜底", "损失…承担", "损失…补偿", "亏了…补", "亏损…赔付", "收益保证", "至少翻倍", "肯定翻倍", "稳稳翻倍", "包赔", "兜底",
        "刚性兑付", "刚兑", "100%兑付", "到期兑付有保障", "内部消息", "内幕消息", "庄家消息",
        "guaranteed return", "guaranteed returns", "guaranteed profit", "guaranteed profits", "guaranteed income", "guaranteed gains", "guaranteed yield",
        "guarantee…return", "guarantee…returns", "guarantee…profit", "guarantees…return", "guarantees…returns", "guarantee…gains",
        "principal protection", "principal-protected", "principal protected", "protect your principal", "capital guaranteed", "capital-guaranteed",
        "risk-free", "risk free", "no risk", "zero risk", "without any risk", "100% safe", "completely safe", "absolutely safe", "totally safe",
        "can't lose", "cannot lose", "can’t lose", "won't lose", "won’t lose", "will not lose", "never lose", "sure win", "sure thing", "sure bet",
        "can only go up", "will definitely rise", "guaranteed to rise", "guaranteed to double", "we will cover your losses", "cover your losses",
        "cover any losses", "inside information", "insider tip", "insider information", "inside tip", "no way you'll lose", "no way you will lose",
        "no way you’ll lose", "only goes up", "only go up", "guaranteed…%", "guaranteed…yield", "guaranteed…interest",
    ]

    static let guaranteeLookalikes = [
        "无风险利率", "无风险收益率", "无风险资产", "无风险套利", "risk-free rate", "risk free rate", "risk-free interest rate", "risk-free asset",
        "risk-free assets", "risk-free return", "risk-free benchmark", "存款保险", "保证金", "保本基金", "保本型基金", "保本点", "no risk-free",
        "principal-protected note", "principal-protected notes", "won't lose access", "won’t lose access", "will not lose access",
    ]
}
