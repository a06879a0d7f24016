/// Investor suitability (《证券期货投资者适当性管理办法》): whether an investor of a risk category
/// may be sold a product of a risk level, and what the institution must do when they do not match.
public enum Suitability {
    /// An investor's category.
    public enum Investor: String, Sendable, CaseIterable {
        case c1 = "C1", c2 = "C2", c3 = "C3", c4 = "C4", c5 = "C5"
        /// The lowest category of C1: no risk tolerance; never above R1, even on request.
        case c1Lowest = "C1_LOWEST"
        /// A professional investor.
        case professional = "PROFESSIONAL"

        /// The highest product level that matches (5 for professionals).
        var highestMatch: Int {
            switch self {
            case .c1, .c1Lowest: 1
            case .c2: 2
            case .c3: 3
            case .c4: 4
            case .c5, .professional: 5
            }
        }
    }

    /// Who proposed the product.
    public enum Initiator: String, Sendable, CaseIterable {
        case investor
        case institution
    }

    /// The verdict.
    public enum Verdict: String, Sendable, CaseIterable {
        /// The product matches the investor.
        case suitable
        /// A mismatch the investor asked for: give a special written risk warning; proceed only if they confirm.
        case warnAndConfirm = "warn_and_confirm"
        /// Must not be sold.
        case refuse

        /// What the verdict means for the adviser, in Chinese.
        public var summaryChinese: String {
            switch self {
            case .suitable: "适当：产品风险等级与客户风险承受能力匹配。"
            case .warnAndConfirm: "不匹配：仅在客户主动要求时，经特别风险警示并由客户书面确认后方可销售。"
            case .refuse: "不得销售：机构不得主动推荐不匹配的产品，最低风险承受能力类别的客户不得购买高于 R1 的产品。"
            }
        }

        /// What the verdict means for the adviser, in English.
        public var summary: String {
            switch self {
            case .suitable: "Suitable: the product's risk level matches the investor's category."
            case .warnAndConfirm: "Mismatch: may proceed only at the investor's own request, after a special risk warning and the investor's written confirmation."
            case .refuse: "Must not be sold: the institution may not recommend a mismatch, and the lowest category may not buy above R1."
            }
        }
    }

    /// The verdict for an investor, a product level (1–5) and who initiated, with the clauses applied.
    public static func decide(investor: Investor, productLevel: Int, initiatedBy: Initiator) -> (verdict: Verdict, clauses: [RuleClause]) {
        let facts = ["investor": investor.rawValue, "product": "R\(productLevel)", "initiated_by": initiatedBy.rawValue]
        if investor == .professional {
            return (.suitable, [RuleClause("suitability.professional", "Professional investors may buy R1–R5 products, subject to product-specific access rules.", facts: facts, outcome: .pass)])
        }
        let matchText = "Ordinary investors match products up to their category: C1→R1, C2→R2, C3→R3, C4→R4, C5→R5; the lowest category never above R1."
        if productLevel <= investor.highestMatch {
            return (.suitable, [RuleClause("suitability.match", matchText, facts: facts, outcome: .pass)])
        }
        var clauses = [RuleClause("suitability.match", matchText, facts: facts, outcome: .fail)]
        if initiatedBy == .institution {
            clauses.append(RuleClause("suitability.no_recommendation", "An institution must not recommend a product above the investor's category.", facts: facts, outcome: .fail))
            return (.refuse, clauses)
        }
        if investor == .c1Lowest {
            clauses.append(RuleClause("suitability.lowest_category", "An investor in the lowest category is refused anything above R1, even on request.", facts: facts, outcome: .fail))
            return (.refuse, clauses)
        }
        clauses.append(RuleClause(
            "suitability.investor_request",
            "The investor asked for a product above their category: give a special written risk warning; the sale may proceed only if they confirm.",
            facts: facts, outcome: .applied))
        return (.warnAndConfirm, clauses)
    }
}
