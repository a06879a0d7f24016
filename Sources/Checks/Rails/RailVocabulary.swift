/// The words the rails read context by: what negates a claim, what makes a quotation a
/// warning, what refuses, what discloses risk, and what makes a sentence a call to trade. The
/// lists are data, in Chinese and English; RULES-CN.md §6 gives their sources.
enum RailVocabulary {
    /// Before a claim in its clause: the claim is denied (不保本, does not guarantee).
    static let negations = [
        "不", "非", "没有", "没", "无法", "未", "并非", "绝非", "谈不上", "不存在", "别", "勿", "切勿", "不要", "谨防", "警惕", "防范", "避免", "拒绝", "杜绝",
        "禁止", "严禁", "不得", "不应", "不可能", "不等于", "打破", "取消", "不代表", "不意味着", "而非",
        "not", "no", "never", "don't", "doesn't", "does not", "do not", "cannot", "can't", "isn't", "is not", "aren't", "are not", "without",
        "beware", "avoid", "nothing", "none", "neither", "nor", "no such thing as", "rather than", "instead of", "unlike", "wary of", "false",
        "doesn’t", "don’t", "can’t", "isn’t", "aren’t",
    ]
    /// Look like negations but are not (不仅 is "not only").
    static let falseNegations = ["不仅", "不但", "不只", "不光", "不断", "不错", "非常", "没错", "not only", "not just", "no doubt", "no matter", "non-stop"]
    /// After a claim in its clause: the claim is denied (保本是不可能的, a myth).
    static let laterNegations = [
        "不存在", "不可能", "是骗局", "骗局", "是谎言", "不可信", "不靠谱", "是虚假", "都是假的", "并不存在", "是不存在的", "不成立",
        "does not exist", "doesn't exist", "doesn’t exist", "is a myth", "a myth", "is a scam", "a red flag", "is false", "is impossible", "are false",
    ]
    /// In a sentence with a quoted claim: the quotation is a warning against it.
    static let warnings = [
        "警惕", "谨防", "小心", "防范", "所谓", "不要相信", "别信", "骗局", "诈骗", "虚假", "宣传", "话术", "陷阱", "谣言", "识别", "举报", "违规", "违反", "违法",
        "夸大", "如果有人", "有人向您", "一旦有人",
        "beware", "claims", "claim", "scam", "so-called", "promising", "promises", "wary", "avoid", "red flag", "fraud", "misleading", "pitch", "marketing",
        "warn", "warned", "warns", "warning", "advertising", "if anyone", "if someone", "report it", "hang up",
    ]
    /// Before a call or a topic: the answer refuses (无法为您推荐, I can't recommend).
    static let refusals = [
        "无法", "不能", "不可以", "不便", "不提供", "没法", "没有办法", "不会为", "不方便", "抱歉", "恕", "暂不", "不予",
        "can't", "cannot", "can’t", "unable", "not able", "not allowed", "not permitted", "not in a position", "sorry",
        "don't provide", "do not provide", "don’t provide", "not able to",
    ]
    /// Risk disclosures: any of these anywhere in an answer.
    static let disclosures = [
        "投资有风险", "入市需谨慎", "入市须谨慎", "投资需谨慎", "投资须谨慎", "产品有风险", "市场有风险", "基金有风险", "理财非存款", "不构成投资建议", "不构成任何投资建议",
        "注意投资风险", "请注意风险", "注意风险", "过往业绩不代表未来表现", "过往业绩不预示未来表现", "风险自担", "自行承担风险", "风险提示", "谨慎投资", "谨慎决策",
        "investing involves risk", "investment involves risk", "investments involve risk", "involves risk", "not investment advice", "not financial advice",
        "past performance", "you could lose", "you may lose", "you might lose", "risk of loss", "consider your risk tolerance", "invest at your own risk",
    ]
    /// Words that, with a trade verb after them, advise (建议…买入, should…buy).
    static let adviceCues = [
        "建议", "推荐", "可以考虑", "可考虑", "不妨", "值得", "应该", "应当", "最好", "适合您", "赶紧", "果断", "立即", "马上", "务必", "可以适当", "可以继续",
        "可以把", "可以先", "可以逢低", "可以分批", "可以趁", "适当",
        "recommend", "suggest", "should", "consider", "would", "i'd", "i’d", "we'd", "you'd", "worth", "time to", "go ahead and", "advise",
    ]
    /// The trades a call asks for.
    static let tradeVerbs = [
        "买入", "买进", "买", "卖出", "卖掉", "卖", "加仓", "减仓", "持有", "清仓", "增持", "减持", "配置", "申购", "认购", "购买", "入手", "抄底", "建仓", "布局",
        "定投", "止盈", "止损", "割肉", "抛售", "抛", "拿着", "换成", "上车", "转入", "调仓",
        "buy", "buying", "sell", "selling", "hold", "holding", "add", "adding", "reduce", "reducing", "trim", "trimming", "purchase", "purchasing",
        "invest in", "investing in", "subscribe", "accumulate", "dump", "short", "exit", "load up on", "pick up", "get into", "take profits", "put",
        "grab", "keep", "rotate into", "switch to", "go with",
    ]
    /// Calls that need no cue before them.
    static let calls = [
        "强烈推荐", "值得买入", "逢低买入", "逢低吸纳", "逢高卖出", "逢高减持", "果断买入", "立即买入", "赶紧买", "满仓", "清仓", "抄底", "重仓", "推荐",
        "上车", "博反弹", "strong buy", "strong buys", "buy now", "sell now", "top pick", "go long", "a good buy", "a buy", "a sell", "recommend", "solid buy",
        "great pick", "good pick", "keep holding", "go with",
        "低吸", "逢低布局", "逢低介入", "入场时机", "买入时机", "好时机", "好的买点", "买点", "增配", "超配", "低配", "减配", "获利了结", "落袋为安", "止盈离场",
        "离场", "出局", "首选", "重点推荐",
        "entry point", "buy zone", "good time to buy", "time to buy", "worth buying", "worth owning", "overweight", "underweight", "be a buyer",
        "be a seller", "comfortable adding", "adding some", "take some profits", "cut your position", "trim your position", "exit your position", "grab some", "add on dips", "buy on dips", "buy the dip", "buy on any pullback", "rotate into",
    ]
    /// What a call may be about besides a named security.
    static let products = [
        "基金", "ETF", "LOF", "理财", "债券", "国债", "产品", "股票", "这只", "该股", "此股", "个股", "这家公司", "存单", "指数", "信托", "黄金", "可转债", "混合",
        "债基", "货基", "新发", "仓位",
        "fund", "funds", "etf", "etfs", "bond", "bonds", "stock", "stocks", "shares", "product", "index", "treasuries", "gold", "reit", "reits",
    ]
    /// Words that make an answer one about investments (for a disclosure a scenario requires).
    static let investmentTerms = [
        "净值", "收益", "申购", "认购", "费率", "管理费", "回报", "业绩", "涨幅", "定投", "风险等级", "年化", "回撤", "推荐", "配置",
        "nav", "yield", "return", "returns", "returned", "performance", "fee", "fees", "drawdown", "recommend",
    ]
}
