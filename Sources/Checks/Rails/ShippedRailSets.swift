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
        // Certainty joined to a gain, or to no loss, across a few words (一定能赚, 本金不会有任何损失).
        "一定…赚", "肯定…赚", "必定…赚", "必然…赚", "保证…赚", "绝对…赚", "铁定…赚", "包你…赚", "准能…赚", "百分之百…赚", "100%…赚",
        "一定…涨", "肯定…涨", "必定…涨", "必然…涨", "铁定…涨", "绝对…涨", "百分之百…涨", "一定…盈利", "肯定…盈利", "保证…盈利", "一定…回本",
        "肯定…回本", "一定…拿回本金", "保证…本金", "本金…有保障", "本金…不会…损失", "不会…亏", "不可能…亏", "不会…赔", "不会…损失", "没有…亏损的可能",
        "亏不了", "稳赚", "稳拿", "亏了…算我", "亏了…我们…赔", "亏损…我们…赔", "赔偿…损失", "补偿…损失", "一分不少", "零亏损", "不存在亏损",
        "收益…锁定", "锁定…收益", "承诺…回报", "保证…回报", "保证…年化",
        "guaranteed return", "guaranteed returns", "guaranteed profit", "guaranteed profits", "guaranteed income", "guaranteed gains", "guaranteed yield",
        "guarantee…return", "guarantee…returns", "guarantee…profit", "guarantees…return", "guarantees…returns", "guarantee…gains",
        "principal protection", "principal-protected", "principal protected", "protect your principal", "capital guaranteed", "capital-guaranteed",
        "risk-free", "risk free", "no risk", "zero risk", "without any risk", "100% safe", "completely safe", "absolutely safe", "totally safe",
        "can't lose", "cannot lose", "can’t lose", "won't lose", "won’t lose", "will not lose", "never lose", "sure win", "sure thing", "sure bet",
        "can only go up", "will definitely rise", "guaranteed to rise", "guaranteed to double", "we will cover your losses", "cover your losses",
        "cover any losses", "inside information", "insider tip", "insider information", "inside tip", "no way you'll lose", "no way you will lose",
        "no way you’ll lose", "only goes up", "only go up", "guaranteed…%", "guaranteed…yield", "guaranteed…interest",
        "guaranteed…money", "guaranteed to make", "guarantee…make money", "will definitely rise", "will definitely go up", "will definitely make",
        "certain to rise", "certain to go up", "certain to make", "sure to rise", "sure to go up", "sure to make", "bound to rise", "bound to go up",
        "no chance of losing", "zero chance of losing", "can't go wrong", "can’t go wrong", "cannot go wrong", "safe bet", "free money",
        "won't lose…money", "won’t lose…money", "never lose…money", "your money back no matter", "money-back guarantee", "lock in…return",
        "locked-in return", "promise…return", "promise you…profit", "only way is up", "can only rise", "nothing to lose",
    ]

    static let guaranteeLookalikes = [
        "无风险利率", "无风险收益率", "无风险资产", "无风险套利", "risk-free rate", "risk free rate", "risk-free interest rate", "risk-free asset",
        "risk-free assets", "risk-free return", "risk-free benchmark", "存款保险", "保证金", "保本基金", "保本型基金", "保本点", "no risk-free",
        "principal-protected note", "principal-protected notes", "涨跌", "涨跌幅", "won't lose access", "won’t lose access", "will not lose access",
    ]
}
