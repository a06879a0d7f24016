/// Authentication data (C3 under JR/T 0171), recognised only as a value that directly follows
/// its context word, after at most four scalars of filler (spaces, `:`, `：`, `=`, `是`, `为`,
/// `is`):
/// - `password` after 密码, 交易密码, password, PIN …: 4–32 printable ASCII characters;
/// - `card_security_code` after CVV, CVN2, 安全码 …: 3–4 digits;
/// - `card_expiry` after 有效期, expiry, exp …: `MM/YY`, `MM/YYYY` or `MM-YY`;
/// - `one_time_code` after 验证码, OTP, verification code …: 4–8 digits.
struct AuthenticationDataRecognizer: RunRecognizer {
    let type = EntityType.password
    let acceptsLetterOnlyRuns = true

    /// The context words in four groups: security code, one-time code, expiry, password.
    private let words = ContextWords(groups: [
        ["CVV", "CVV2", "CVN2", "CVC", "安全码", "卡背后三位"],
        ["验证码", "动态码", "校验码", "短信码", "OTP", "verification code", "one-time code"],
        ["有效期", "有效期至", "expiry", "expires", "exp", "valid thru"],
        ["密码", "交易密码", "登录密码", "支付密码", "取款密码", "password", "passcode", "PIN"],
    ])

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        guard let (_, group) = words.wordEnding(at: contextEnd(before: candidate.byteStart, in: text), in: text) else { return nil }
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
            var index = candidate.byteEnd
            guard index < bytes.count, bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "-") else { return nil }
            index += 1
            let yearStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index - yearStart == 2 || index - yearStart == 4, !text.isAlphanumeric(startingAt: index) else { return nil }
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
        RecognizedSpan(byteStart: start, byteEnd: end, confidence: 0.9, type: type)
    }

    /// Where a context word would end: `byteStart` moved back over at most four scalars of filler.
    private func contextEnd(before byteStart: Int, in text: ScanText) -> Int {
        let bytes = text.bytes
        var position = byteStart
        var fillerScalars = 0
        while position > 0, fillerScalars < 4 {
            // " is " as filler.
            if position >= 4, bytes[position - 1] == UInt8(ascii: " "), bytes[position - 2] | 0x20 == UInt8(ascii: "s"),
               bytes[position - 3] | 0x20 == UInt8(ascii: "i"), bytes[position - 4] == UInt8(ascii: " ") {
                position -= 3
                fillerScalars += 2
                continue
            }
            let scalarStart = ScanText.scalarStart(bytes, before: position)
            guard Self.isFiller(bytes[scalarStart..<position]) else { break }
            position = scalarStart
            fillerScalars += 1
        }
        return position
    }

    private static let fillers: [[UInt8]] = [" ", ":", "：", "=", "是", "为", "\u{3000}"].map { Array($0.utf8) }

    private static func isFiller(_ scalar: ArraySlice<UInt8>) -> Bool {
        fillers.contains { $0.elementsEqual(scalar) }
    }

    private static func isPasswordByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
    }
}
