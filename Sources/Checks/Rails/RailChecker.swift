/// The rails of one configuration (a scenario's rule sets, compiled once): reads an answer in
/// one pass over its scalars and reports every rule's hits with the spans they matched.
public struct RailChecker: Sendable {
    enum Tag: Hashable, Sendable {
        case claim(Int), allowed(Int), topic(Int)
        case negation, falseNegation, laterNegation, warning, refusal, disclosure, adviceCue, tradeVerb, call, product, investment, security
    }

    /// The rules, in order.
    public let rules: [RailRule]
    private var lexicon = Lexicon<Tag>()
    private let requiredLines: [Int: [Unicode.Scalar]]

    /// Compiles `rules`; `securityNames` are the names (贵州茅台) a call may name a security by.
    public init(rules: [RailRule], securityNames: [String] = []) {
        self.rules = rules
        var lines: [Int: [Unicode.Scalar]] = [:]
        lexicon.add(RailVocabulary.negations, tag: .negation)
        lexicon.add(RailVocabulary.falseNegations, tag: .falseNegation)
        lexicon.add(RailVocabulary.laterNegations, tag: .laterNegation)
        lexicon.add(RailVocabulary.warnings, tag: .warning)
        lexicon.add(RailVocabulary.refusals, tag: .refusal)
        lexicon.add(RailVocabulary.disclosures, tag: .disclosure)
        lexicon.add(RailVocabulary.adviceCues, tag: .adviceCue)
        lexicon.add(RailVocabulary.tradeVerbs, tag: .tradeVerb)
        lexicon.add(RailVocabulary.calls, tag: .call)
        lexicon.add(RailVocabulary.products, tag: .product)
        lexicon.add(RailVocabulary.investmentTerms, tag: .investment)
        lexicon.add(securityNames, tag: .security)
        for (index, rule) in rules.enumerated() {
            switch rule.matcher {
            case .claims(let phrases, let allowed):
                lexicon.add(phrases, tag: .claim(index))
                lexicon.add(allowed, tag: .allowed(index))
            case .topic(let terms):
                lexicon.add(terms, tag: .topic(index))
            case .requiredDisclosure(let line, _):
                lines[index] = Self.letters(AnswerText(line))
            case .recommendation:
                continue
            }
        }
        requiredLines = lines
    }

    /// The report on `text`.
    public func check(_ text: AnswerText) -> RailReport {
        let found = Found(text: text, matches: lexicon.matches(in: text))
        var hits: [RailHit] = []
        var appendix: [String] = []
        // The calls of the answer, found once for the rules that ask.
        var foundCalls: [Range<Int>]?
        func calls() -> [Range<Int>] {
            if let foundCalls { return foundCalls }
            let made = found.calls()
            foundCalls = made
            return made
        }
        for (index, rule) in rules.enumerated() {
            let before = hits.count
            switch rule.matcher {
            case .claims:
                for claim in found.matches where claim.tag == .claim(index) && !found.isExcused(claim, rule: index) {
                    // One hit per place: phrases of a rule that overlap (不会亏, 不会…亏) are one claim.
                    if let last = hits.last, hits.count > before, last.end > claim.start { continue }
                    hits.append(hit(rule, claim.start, claim.end, text))
                }
            case .recommendation(let unlessDisclosed):
                if unlessDisclosed, found.has(.disclosure) { continue }
                for call in calls() { hits.append(hit(rule, call.lowerBound, call.upperBound, text)) }
            case .requiredDisclosure(_, let always):
                guard always || found.has(.investment) || !calls().isEmpty, let line = requiredLines[index], !Self.letters(text).contains(line) else { continue }
                hits.append(hit(rule, text.count, text.count, text))
            case .topic:
                for term in found.matches where term.tag == .topic(index) {
                    guard !found.any(.refusal, in: Clauses.turnScope(text, around: term.start)) else { continue }
                    hits.append(hit(rule, term.start, term.end, text))
                }
            }
            if hits.count > before, case .append(let disclosure) = rule.action {
                let line = disclosure.line(for: text)
                if !appendix.contains(line) { appendix.append(line) }
            }
        }
        return RailReport(hits: hits, appendix: appendix)
    }

    /// The report on `text`.
    public func check(_ text: String) -> RailReport {
        check(AnswerText(text))
    }

    private func hit(_ rule: RailRule, _ start: Int, _ end: Int, _ text: AnswerText) -> RailHit {
        RailHit(rule: rule.name, category: rule.category, action: rule.action, start: start, end: end, text: text.text(start..<end))
    }

    /// The letters, digits and ideographs of a text, for finding a required line whatever its
    /// spacing and punctuation.
    static func letters(_ text: AnswerText) -> [Unicode.Scalar] {
        text.folded.filter { $0.isHan || $0.isASCIILetter || $0.isDigit || $0.properties.isAlphabetic }
    }

    /// The matches of one text, with the questions the rules ask of them.
    private struct Found {
        let text: AnswerText
        let matches: [Lexicon<Tag>.Match]

        init(text: AnswerText, matches: [Lexicon<Tag>.Match]) {
            self.text = text
            let falseNegations = matches.filter { $0.tag == .falseNegation }
            // A negation inside 不仅 or "not only" is none.
            self.matches = matches.filter { match in
                match.tag != .negation || !falseNegations.contains { $0.start <= match.start && match.end <= $0.end }
            }
        }

        func has(_ tag: Tag) -> Bool { matches.contains { $0.tag == tag } }

        func any(_ tag: Tag, in range: Range<Int>) -> Bool {
            matches.contains { $0.tag == tag && $0.start >= range.lowerBound && $0.end <= range.upperBound }
        }

        /// Whether a claim is denied, a quoted warning, or part of an allowed phrase.
        func isExcused(_ claim: Lexicon<Tag>.Match, rule: Int) -> Bool {
            if matches.contains(where: { $0.tag == .allowed(rule) && $0.start < claim.end && claim.start < $0.end }) { return true }
            let clauseStart = Clauses.clauseStart(text, before: claim.start)
            if any(.negation, in: clauseStart..<claim.start) { return true }
            let clauseEnd = Clauses.clauseEnd(text, after: claim.end)
            if any(.laterNegation, in: claim.end..<clauseEnd) { return true }
            if isQuoted(claim) {
                let sentence = Clauses.sentence(text, around: claim.start)
                if any(.warning, in: sentence) || any(.negation, in: sentence.lowerBound..<claim.start) { return true }
            }
            return false
        }

        private static let quotes: Set<Unicode.Scalar> = ["“", "”", "\"", "「", "」", "『", "』", "‘", "’", "《", "》", "'"]

        private func isQuoted(_ claim: Lexicon<Tag>.Match) -> Bool {
            let opens = (max(0, claim.start - 8)..<claim.start).contains { Self.quotes.contains(text.folded[$0]) }
            let closes = (claim.end..<min(text.count, claim.end + 8)).contains { Self.quotes.contains(text.folded[$0]) }
            return opens && closes
        }

        /// The spans of calls to trade a named security or a product, not refused.
        func calls() -> [Range<Int>] {
            var spans: [Range<Int>] = []
            for cue in matches where cue.tag == .adviceCue {
                guard let verb = matches.first(where: { $0.tag == .tradeVerb && $0.start >= cue.end && $0.start - cue.end <= 12 && !crossesClause(cue.end, $0.start) })
                else { continue }
                spans.append(cue.start..<verb.end)
            }
            for call in matches where call.tag == .call && !spans.contains(where: { $0.overlaps(call.start..<call.end) }) {
                spans.append(call.start..<call.end)
            }
            // An English imperative: a trade verb, capitalised, opening a sentence or a list item.
            for verb in matches where verb.tag == .tradeVerb && text.scalars[verb.start].value >= 0x41 && text.scalars[verb.start].value <= 0x5A {
                var before = verb.start - 1
                while before >= 0, text.scalars[before] == " " || text.scalars[before] == "-" || text.scalars[before] == "*" || text.scalars[before] == "•" {
                    before -= 1
                }
                if before < 0 || Clauses.isSentenceBoundary(text, at: before), !spans.contains(where: { $0.overlaps(verb.start..<verb.end) }) {
                    spans.append(verb.start..<verb.end)
                }
            }
            return spans.sorted { $0.lowerBound < $1.lowerBound }.filter { span in
                !any(.refusal, in: Clauses.turnScope(text, around: span.lowerBound)) && namesTarget(near: span)
            }
        }

        private func crossesClause(_ from: Int, _ to: Int) -> Bool {
            (from..<to).contains { Clauses.isClauseBoundary(text, at: $0) }
        }

        /// Whether the call's sentence names a security (a code or a name) or a product, or an
        /// English name follows the call.
        private func namesTarget(near span: Range<Int>) -> Bool {
            let sentence = Clauses.sentence(text, around: span.lowerBound)
            if any(.security, in: sentence) || any(.product, in: sentence) { return true }
            if hasCode(in: sentence) { return true }
            return hasName(in: sentence, besides: span)
        }

        /// Common words that open an English sentence, which a capital does not make a name.
        private static let sentenceWords: Set<String> = [
            "i", "i'd", "i’d", "i'm", "you", "we", "it", "this", "that", "these", "those", "the", "a", "an", "for", "if", "and", "but", "so", "please",
            "buy", "sell", "hold", "keep", "add", "reduce", "trim", "grab", "consider", "our", "your", "my", "now", "today", "with", "as", "in", "on",
            "at", "to", "of", "given", "since", "because", "honestly", "overall", "note",
        ]

        /// Whether the sentence has a capitalised word (a company's name: Tesla, China Merchants
        /// Bank) outside the call and other than common sentence openers.
        private func hasName(in sentence: Range<Int>, besides span: Range<Int>) -> Bool {
            var index = sentence.lowerBound
            while index < sentence.upperBound {
                let scalar = text.scalars[index]
                guard scalar.value >= 0x41 && scalar.value <= 0x5A, index == 0 || !text.scalars[index - 1].isASCIILetter, !span.contains(index) else {
                    index += 1
                    continue
                }
                var end = index
                while end < sentence.upperBound, Lexicon<Tag>.isWord(text.folded[end]) { end += 1 }
                if !Self.sentenceWords.contains(text.text(index..<end).lowercased()) { return true }
                index = end
            }
            return false
        }

        private func hasCode(in range: Range<Int>) -> Bool {
            var run = 0
            for index in range {
                if text.folded[index].isDigit {
                    run += 1
                } else {
                    if run == 6 { return true }
                    run = 0
                }
            }
            return run == 6
        }
    }
}
