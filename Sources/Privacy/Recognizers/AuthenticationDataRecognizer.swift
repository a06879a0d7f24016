/// Authentication data (C3 under JR/T 0171), recognised only as a value that directly follows
/// its context word, after at most four scalars of filler (spaces, `:`, `：`, `=`, `是`, `为`,
/// `is`):
/// - `password` after 密码, 交易密码, password, PIN …: 4–32 printable ASCII characters;
/// - `card_security_code` after CVV, CVN2, 安全码 …: 3–4 digits;
/// - `card_expiry` after 有效期, expiry, exp …: `MM/YY`, `MM/YYYY` or `MM-YY`;
/// - `one_time_code` after 验证码, OTP, verification code …: 4–8 digits.
///
/// The scanner finds the context words (in its Aho–Corasick pass) and asks this recognizer about
/// the value that follows each.
struct AuthenticationDataRecognizer: Sendable {
    /// The context words in four groups: security code, one-time code, expiry, password.
    static let contextWords = [
        ["CVV", "CVV2", "CVN2", "CVC", "安全码", "卡背后三位"],
        ["验证码", "动态码", "校验码", "短信码", "OTP", "verification code", "one-time code"],
        ["有效期", "有效期至", "expiry", "expires", "exp", "valid thru"],
        ["密码", "交易密码", "登录密码", "支付密码", "取款密码", "password", "passcode", "PIN"],
    ]

    /// The value after a context word of `group` that ends at byte `wordEnd`, and its type.
    func recognize(afterWordOf group: Int, endingAt wordEnd: Int, in text: ScanText) -> (EntityType, RecognizedSpan)? {
        let (valueStart, announced) = skipFiller(from: wordEnd, in: text)
        let candidate: RunCandidate
        if let runIndex = text.run(startingAt: valueStart) {
            let run = text.runs[runIndex]
            candidate = RunCandidate(
                firstRun: runIndex, lastRun: runIndex, characters: text.characters(runs: runIndex, through: runIndex), byteStart: run.byteStart,
                byteEnd: run.byteEnd, isAllDigits: run.isAllDigits)
        } else if let (characters, end) = text.letters(startingAt: valueStart) {
            candidate = RunCandidate(
                firstRun: 0, lastRun: 0, characters: ArraySlice(characters), byteStart: valueStart, byteEnd: end,
                isAllDigits: characters.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
        } else {
            return nil
        }
        guard let span = recognize(candidate, group: group, in: text) else { return nil }
        // "password must be …": a bare word after an English context word is prose, not a
        // password, unless a ':', '=', 'is', 是 or 为 announced it.
        if span.type == .password, !announced, !text.bytes[span.byteStart..<span.byteEnd].contains(where: { !Self.isLetter($0) }) { return nil }
        return (span.type ?? .password, span)
    }

    private func recognize(_ candidate: RunCandidate, group: Int, in text: ScanText) -> RecognizedSpan? {
        let characters = candidate.characters
        let bytes = text.bytes
        switch group {
        case 0:
            guard candidate.runCount == 1, candidate.isAllDigits, (3...4).contains(characters.count) else { return nil }
            return span(.cardSecurityCode, candidate.byteStart, candidate.byteEnd)
        case 1:
            guard candidate.runCount == 1, candidate.isAllDigits, (4...8).contains(characters.count) else { return nil }
            return span(.oneTimeCode, candidate.byteStart, candidate.byteEnd)
        case 2:
            // MM, then / or -, then YY or YYYY.
            guard candidate.runCount == 1, candidate.isAllDigits, characters.count == 2, let month = Digits.value(characters),
                  (1...12).contains(month)
            else { return nil }
            let slash = candidate.byteEnd
            guard slash < bytes.count, bytes[slash] == UInt8(ascii: "/") || bytes[slash] == UInt8(ascii: "-"),
                  let (year, index) = text.letters(startingAt: slash + 1), year.count == 2 || year.count == 4, Digits.areDigits(year[...])
            else { return nil }
            return span(.cardExpiry, candidate.byteStart, index)
        default:
            var end = candidate.byteStart
            while end < bytes.count, Self.isPasswordByte(bytes[end]) { end += 1 }
            while end > candidate.byteStart, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard (4...32).contains(end - candidate.byteStart) else { return nil }
            return span(.password, candidate.byteStart, end)
        }
    }

    private func span(_ type: EntityType, _ start: Int, _ end: Int) -> RecognizedSpan {
        RecognizedSpan(byteStart: start, byteEnd: end, confidence: 0.95, type: type)
    }

    /// Where the value starts (`wordEnd` moved forward over at most four scalars of filler), and
    /// whether the filler announced a value (anything but spaces).
    private func skipFiller(from wordEnd: Int, in text: ScanText) -> (start: Int, announced: Bool) {
        let bytes = text.bytes
        var position = wordEnd
        var fillerScalars = 0
        var announced = false
        while position < bytes.count, fillerScalars < 4 {
            // " is " as filler.
            if position + 4 <= bytes.count, bytes[position] == UInt8(ascii: " "), bytes[position + 1] | 0x20 == UInt8(ascii: "i"),
               bytes[position + 2] | 0x20 == UInt8(ascii: "s"), bytes[position + 3] == UInt8(ascii: " ") {
                position += 3
                fillerScalars += 2
                announced = true
                continue
            }
            guard let length = Self.fillerLength(bytes, at: position) else { break }
            if bytes[position] != UInt8(ascii: " "), length != 3 || bytes[position] != 0xE3 { announced = true }
            position += length
            fillerScalars += 1
        }
        return (position, announced)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static let fillers: [[UInt8]] = [" ", ":", "：", "=", "是", "为", "\u{3000}"].map { Array($0.utf8) }

    /// The length of the filler scalar at `position`, if there is one.
    private static func fillerLength(_ bytes: [UInt8], at position: Int) -> Int? {
        for filler in fillers where position + filler.count <= bytes.count && bytes[position..<(position + filler.count)].elementsEqual(filler) {
            return filler.count
        }
        return nil
    }

    private static func isPasswordByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
    }
}
