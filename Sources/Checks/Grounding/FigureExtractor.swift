import Foundation

/// Finds the figures a client would rely on in a text: amounts (with 元, 万, 亿, currency signs
/// and thousands separators), percentages and percentage points, quantities of shares and lots,
/// multiples, dates and six-digit security codes. It leaves out what is not a figure: list
/// markers, times of day, years on their own, small counts in prose (`3个原因`) and numbers
/// inside names (`沪深300ETF`).
public enum FigureExtractor {
    /// The figures in `text`, in order.
    public static func figures(in text: AnswerText) -> [Figure] {
        var scanner = Scanner(text: text)
        return scanner.scan()
    }

    /// The figures in `text`, in order.
    public static func figures(in text: String) -> [Figure] {
        figures(in: AnswerText(text))
    }

    private struct Scanner {
        let text: AnswerText
        let s: [Unicode.Scalar]
        var figures: [Figure] = []

        init(text: AnswerText) {
            self.text = text
            s = text.folded
        }

        func at(_ index: Int) -> Unicode.Scalar? {
            index >= 0 && index < s.count ? s[index] : nil
        }

        mutating func scan() -> [Figure] {
            var index = 0
            while index < s.count {
                guard s[index].isDigit else {
                    index += 1
                    continue
                }
                index = figure(at: index)
            }
            return figures
        }

        /// Reads the digit run starting at `start`, records the figure it is part of (if any),
        /// and returns the offset to go on from.
        mutating func figure(at start: Int) -> Int {
            if let date = date(at: start) {
                figures.append(date)
                return date.end
            }
            guard let number = number(at: start) else { return skipRun(from: start) }
            var end = number.end
            // A time of day (9:30) or a ratio written with a colon is not a figure.
            if at(end) == ":", at(end + 1)?.isDigit == true { return skipRun(from: end + 1) }

            var first = start
            var written = number.value
            var negative = false
            var hasPrefix = false
            var codePrefix = false
            if let sign = at(start - 1), sign == "-" || sign == "+", !isWordScalar(at(start - 2)) {
                if sign == "-" {
                    written = -written
                    negative = true
                }
                first = start - 1
            }
            if let prefixStart = currencyPrefix(endingAt: first) {
                hasPrefix = true
                first = prefixStart
            } else if isExchangePrefix(endingAt: start), number.integerDigits == 6, number.decimals == 0, !number.grouped {
                codePrefix = true
                first = start - 2
            } else if let before = at(start - 1), before.isASCIILetter {
                return skipRun(from: start)
            }
            if isListMarker(number, start: first) { return number.end + 1 }

            var kind: FigureKind = hasPrefix ? .amount : .number
            var scaleExponent = 0
            var unitEnd = end
            var cursor = end
            if let (exponent, after) = scaleWord(at: cursor) {
                scaleExponent = exponent
                cursor = after
                unitEnd = after
            }
            if let (unitKind, unitExponent, after) = unit(at: cursor, spaced: cursor == end) {
                kind = unitKind
                scaleExponent += unitExponent
                unitEnd = after
            } else if hasPrefix {
                kind = .amount
            }
            end = unitEnd
            // A number glued to letters that are not a unit (5G, 300ETF) names something.
            if kind == .number, let after = at(end), after.isASCIILetter || (after.isDigit) { return skipRun(from: start) }

            var code: String?
            if kind == .number, scaleExponent == 0, number.decimals == 0, !number.grouped, !hasPrefix, !negative, first == start || codePrefix {
                if number.integerDigits == 6 {
                    kind = .code
                    code = text.text(start..<(start + 6))
                    if let suffixEnd = exchangeSuffix(at: end) { end = suffixEnd }
                } else if number.integerDigits < 4 || (number.integerDigits == 4 && (1900...2100).contains(number.integer)) {
                    // A count in prose or a year on its own.
                    return end
                }
            }
            if at(end) == "年", kind == .number, number.decimals == 0 { return end + 1 }
            var figure = Figure(
                kind: kind, text: text.text(first..<end), start: first, end: end, written: written, decimals: number.decimals,
                scale: scaleExponent == 0 ? 1 : Decimal(sign: .plus, exponent: scaleExponent, significand: 1),
                falling: kind != .code && !negative && number.mantissa != 0 && fallsBefore(first), code: code, date: nil)
            figure.significand = negative ? -Int64(number.mantissa) : Int64(number.mantissa)
            figure.scaleExponent = scaleExponent
            figures.append(figure)
            return end
        }

        /// Skips the rest of a run of digits, separators and decimal points.
        func skipRun(from start: Int) -> Int {
            var index = start
            while let scalar = at(index), scalar.isDigit || ((scalar == "." || scalar == ",") && at(index + 1)?.isDigit == true) {
                index += 1
            }
            return max(index, start + 1)
        }

        struct Number {
            var end: Int
            var value: Decimal
            /// Every digit written, as an integer (`168800` for `1,688.00`).
            var mantissa: UInt64
            var integer: UInt64
            var integerDigits: Int
            var decimals: Int
            var grouped: Bool
        }

        /// Digits with optional thousands separators and a fraction.
        func number(at start: Int) -> Number? {
            var index = start
            var mantissa: UInt64 = 0
            var significant = 0
            var integerDigits = 0
            func take(_ scalar: Unicode.Scalar) -> Bool {
                if mantissa == 0 && scalar == "0" { return true }
                significant += 1
                guard significant <= 18 else { return false }
                mantissa = mantissa * 10 + scalar.digitValue
                return true
            }
            while let scalar = at(index), scalar.isDigit {
                guard take(scalar) else { return nil }
                integerDigits += 1
                index += 1
            }
            var grouped = false
            if integerDigits <= 3 {
                while at(index) == ",", let a = at(index + 1), let b = at(index + 2), let c = at(index + 3), a.isDigit, b.isDigit, c.isDigit,
                    at(index + 4)?.isDigit != true
                {
                    for scalar in [a, b, c] { guard take(scalar) else { return nil } }
                    grouped = true
                    integerDigits += 3
                    index += 4
                }
            }
            let integer = mantissa
            var decimals = 0
            if at(index) == ".", at(index + 1)?.isDigit == true {
                index += 1
                while let scalar = at(index), scalar.isDigit {
                    guard take(scalar) else { return nil }
                    decimals += 1
                    index += 1
                }
            }
            let value = Decimal(sign: .plus, exponent: -decimals, significand: Decimal(mantissa))
            return Number(end: index, value: value, mantissa: mantissa, integer: integer, integerDigits: integerDigits, decimals: decimals, grouped: grouped)
        }

        /// `2026-03-05`, `2026/3/5`, `2026年3月5日`, `3月5日` (or `3月5号`).
        func date(at start: Int) -> Figure? {
            func digits(_ index: Int, max: Int) -> (value: Int, end: Int)? {
                var value = 0
                var cursor = index
                while let scalar = at(cursor), scalar.isDigit, cursor - index < max {
                    value = value * 10 + Int(scalar.digitValue)
                    cursor += 1
                }
                guard cursor > index, at(cursor)?.isDigit != true else { return nil }
                return (value, cursor)
            }
            if let year = digits(start, max: 4), year.end - start == 4, (1900...2100).contains(year.value), let separator = at(year.end) {
                if separator == "-" || separator == "/" || separator == "." || separator == "年",
                    let month = digits(year.end + 1, max: 2), (1...12).contains(month.value)
                {
                    let expected: Unicode.Scalar = separator == "年" ? "月" : separator
                    if at(month.end) == expected, let day = digits(month.end + 1, max: 2), (1...31).contains(day.value) {
                        var end = day.end
                        if separator == "年", at(end) == "日" || at(end) == "号" { end += 1 }
                        return dateFigure(start, end, FigureDate(year: year.value, month: month.value, day: day.value))
                    }
                }
            }
            if let month = digits(start, max: 2), (1...12).contains(month.value), at(month.end) == "月", !(at(start - 1) == "年"),
                let day = digits(month.end + 1, max: 2), (1...31).contains(day.value), at(day.end) == "日" || at(day.end) == "号"
            {
                return dateFigure(start, day.end + 1, FigureDate(year: nil, month: month.value, day: day.value))
            }
            return nil
        }

        func dateFigure(_ start: Int, _ end: Int, _ date: FigureDate) -> Figure {
            Figure(kind: .date, text: text.text(start..<end), start: start, end: end, written: 0, decimals: 0, scale: 1, falling: false, code: nil, date: date)
        }

        /// A currency sign or code just before `end` (`¥`, `$`, `HK$`, `CNY `, `RMB`): where it starts.
        func currencyPrefix(endingAt end: Int) -> Int? {
            var cursor = end
            if at(cursor - 1) == " " { cursor -= 1 }
            if let sign = at(cursor - 1), sign == "¥" || sign == "￥" || sign == "$" {
                if sign == "$", let letters = lettersBefore(cursor - 1), letters == "hk" || letters == "us" { return cursor - 3 }
                return cursor - 1
            }
            for code in Self.currencyCodes where text.hasPhrase(code, endingAt: cursor) && !isWordScalar(at(cursor - 4)) {
                return cursor - 3
            }
            return nil
        }

        func lettersBefore(_ end: Int) -> String? {
            guard let a = at(end - 2), let b = at(end - 1), a.isASCIILetter, b.isASCIILetter, !isWordScalar(at(end - 3)) else { return nil }
            return String(Character(a)) + String(Character(b))
        }

        /// `SH`/`SZ`/`BJ` glued before a code (`SH600519`).
        func isExchangePrefix(endingAt end: Int) -> Bool {
            guard let letters = lettersBefore(end) else { return false }
            return letters == "sh" || letters == "sz" || letters == "bj"
        }

        /// `.SH`, `.SZ`, `.BJ` after a code: where it ends.
        func exchangeSuffix(at index: Int) -> Int? {
            guard at(index) == ".", let a = at(index + 1), let b = at(index + 2), !isWordScalar(at(index + 3)) else { return nil }
            let pair = String(Character(a)) + String(Character(b))
            return pair == "sh" || pair == "sz" || pair == "bj" ? index + 3 : nil
        }

        /// A list marker: `1.` or `2、` or `3)` at the start of a line.
        func isListMarker(_ number: Number, start: Int) -> Bool {
            guard number.decimals == 0, number.integerDigits <= 2, let after = at(number.end),
                after == "." || after == "、" || after == ")" || after == "）"
            else { return false }
            guard at(number.end + 1)?.isDigit != true else { return false }
            var cursor = start - 1
            while let scalar = at(cursor), scalar == " " || scalar == "\t" { cursor -= 1 }
            return cursor < 0 || at(cursor) == "\n"
        }

        /// 万亿, 亿, 万, 千 (before 元 or 股), billion, million, thousand: the power of ten, and where it ends.
        func scaleWord(at index: Int) -> (Int, Int)? {
            if text.hasPhrase(["万", "亿"], at: index) { return (12, index + 2) }
            if at(index) == "亿" { return (8, index + 1) }
            if at(index) == "万" { return (4, index + 1) }
            if at(index) == "千", at(index + 1) == "元" || at(index + 1) == "股" { return (3, index + 1) }
            let cursor = at(index) == " " ? index + 1 : index
            for (word, exponent) in Self.scaleWords where text.hasPhrase(word, at: cursor) && !isWordScalar(at(cursor + word.count)) {
                return (exponent, cursor + word.count)
            }
            return nil
        }

        /// The unit after a number: its kind, the power of ten it multiplies by, and where it ends.
        func unit(at index: Int, spaced: Bool) -> (FigureKind, Int, Int)? {
            if at(index) == "%" { return (.percentage, 0, index + 1) }
            for (word, kind, scale) in Self.han where text.hasPhrase(word, at: index) {
                return (kind, scale, index + word.count)
            }
            let cursor = at(index) == " " ? index + 1 : index
            for (word, kind, scale) in Self.english where text.hasPhrase(word, at: cursor) && !isWordScalar(at(cursor + word.count)) {
                return (kind, scale, cursor + word.count)
            }
            if at(index) == "x", !isWordScalar(at(index + 1)) { return (.multiple, 0, index + 1) }
            return nil
        }

        /// A unit: its folded spelling, its kind, and the power of ten it multiplies by.
        typealias UnitWord = ([Unicode.Scalar], FigureKind, Int)

        static func unitWord(_ word: String, _ kind: FigureKind, _ exponent: Int = 0) -> UnitWord {
            (AnswerText.fold(word), kind, exponent)
        }

        static let han: [UnitWord] = [
            unitWord("个百分点", .percentagePoints), unitWord("元/股", .amount), unitWord("元", .amount), unitWord("块钱", .amount),
            unitWord("块", .amount), unitWord("人民币", .amount), unitWord("美元", .amount), unitWord("港元", .amount), unitWord("港币", .amount),
            unitWord("股", .quantity), unitWord("手", .quantity, 2), unitWord("倍", .multiple),
        ]

        static let english: [UnitWord] = [
            unitWord("percentage points", .percentagePoints), unitWord("percentage point", .percentagePoints), unitWord("pp", .percentagePoints),
            unitWord("percent", .percentage), unitWord("per cent", .percentage), unitWord("yuan", .amount), unitWord("cny", .amount),
            unitWord("rmb", .amount), unitWord("shares", .quantity), unitWord("share", .quantity), unitWord("lots", .quantity, 2),
            unitWord("lot", .quantity, 2),
        ]

        /// Whether a word of falling comes just before `start` (跌2.3%, 下降了1.5个百分点, down 2.3%).
        func fallsBefore(_ start: Int) -> Bool {
            var end = start
            while let scalar = at(end - 1), scalar == " " || Self.fillers.contains(scalar) { end -= 1 }
            for word in Self.connectives where text.hasPhrase(word, endingAt: end) && !isWordScalar(at(end - 3)) {
                end -= 2
                while at(end - 1) == " " { end -= 1 }
            }
            // 涨跌 and 涨跌幅 are labels, not falls.
            for cue in Self.fallingHan where text.hasPhrase(cue, endingAt: end) { return at(end - cue.count - 1) != "涨" }
            for cue in Self.fallingEnglish where text.hasPhrase(cue, endingAt: end) && !isWordScalar(at(end - cue.count - 1)) { return true }
            return false
        }

        static let currencyCodes = ["cny", "rmb"].map(AnswerText.fold)
        static let scaleWords = [("billion", 9), ("bn", 9), ("million", 6), ("mn", 6), ("thousand", 3)].map { (AnswerText.fold($0.0), $0.1) }
        static let connectives = ["by", "of", "to"].map(AnswerText.fold)
        static let fillers: Set<Unicode.Scalar> = ["了", "达", "约", "为", "近", "超", "逾"]
        static let fallingHan = ["跌幅", "下跌", "跌", "下降", "降低", "降", "减少", "回落", "亏损", "浮亏", "亏", "缩水", "下滑", "回撤", "损失"].map(AnswerText.fold)
        static let fallingEnglish = ["down", "fell", "fallen", "falls", "declined", "decline", "dropped", "drop", "lost", "loss", "lower", "decreased", "decrease"]
            .map(AnswerText.fold)

        func isWordScalar(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return scalar.isASCIILetter || scalar.isDigit
        }
    }
}
