/// `ip_address`: an IPv4 dotted quad (octets 0–255, no leading zeros, not part of a longer
/// dotted sequence) or an IPv6 address in full or `::`-compressed form.
struct IPAddressRecognizer: RunRecognizer {
    let type = EntityType.ipAddress

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let bytes = text.bytes
        let end = candidate.byteEnd
        guard end < bytes.count || candidate.byteStart > 0 else { return nil }
        if end == bytes.count { return bytes[candidate.byteStart - 1] == UInt8(ascii: ":") ? ipv6(from: candidate.byteStart, in: text) : nil }
        if bytes[end] == UInt8(ascii: "."), candidate.isAllDigits {
            return ipv4(from: candidate.byteStart, in: text)
        }
        if bytes[end] == UInt8(ascii: ":") || (candidate.byteStart > 0 && bytes[candidate.byteStart - 1] == UInt8(ascii: ":")) {
            return ipv6(from: candidate.byteStart, in: text)
        }
        return nil
    }

    private func ipv4(from start: Int, in text: ScanText) -> RecognizedSpan? {
        let bytes = text.bytes
        if start > 0, bytes[start - 1] == UInt8(ascii: ".") { return nil }
        var index = start
        for octet in 0..<4 {
            let digitsStart = index
            while index < bytes.count, index - digitsStart < 4, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            let digits = bytes[digitsStart..<index]
            guard (1...3).contains(digits.count), let value = Digits.value(digits), value <= 255,
                  digits.count == 1 || digits.first != UInt8(ascii: "0")
            else { return nil }
            if octet < 3 {
                guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
            }
        }
        // Not followed by another digit, letter, or a further ".digit".
        if text.isAlphanumeric(startingAt: index) { return nil }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39 { return nil }
        return RecognizedSpan(byteStart: start, byteEnd: index, confidence: 0.8)
    }

    private func ipv6(from candidateStart: Int, in text: ScanText) -> RecognizedSpan? {
        let bytes = text.bytes
        var start = candidateStart
        // A leading "::" belongs to the address.
        if start >= 2, bytes[start - 1] == UInt8(ascii: ":"), bytes[start - 2] == UInt8(ascii: ":") { start -= 2 }
        if start > 0, bytes[start - 1] == UInt8(ascii: ":") || text.isAlphanumeric(endingBefore: start) { return nil }
        var end = start
        var colons = 0
        while end < bytes.count, end - start < 45, Self.isIPv6Byte(bytes[end]) {
            if bytes[end] == UInt8(ascii: ":") { colons += 1 }
            end += 1
        }
        guard colons >= 2 else { return nil }
        while end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard !text.isAlphanumeric(startingAt: end), Self.isIPv6(bytes[start..<end]) else { return nil }
        return RecognizedSpan(byteStart: start, byteEnd: end, confidence: 0.8)
    }

    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x3A) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66) || byte == UInt8(ascii: ".")
    }

    /// Whether the bytes are an IPv6 address: eight groups of 1–4 hex digits, or fewer with one
    /// `::`, the last group optionally a dotted IPv4 address; at least one group holds a digit.
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        var groups = 0
        var compressed = false
        var sawDigit = false
        var index = bytes.startIndex
        if bytes.starts(with: [0x3A, 0x3A]) {
            compressed = true
            index += 2
        }
        while index < bytes.endIndex {
            let groupStart = index
            while index < bytes.endIndex, bytes[index] != UInt8(ascii: ":"), bytes[index] != UInt8(ascii: ".") { index += 1 }
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
                // An embedded IPv4 address ends the address.
                let octets = bytes[groupStart...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                guard octets.count == 4, octets.allSatisfy({ (1...3).contains($0.count) && (Digits.value($0) ?? 256) <= 255 }) else { return false }
                groups += 2
                sawDigit = true
                index = bytes.endIndex
                break
            }
            let length = index - groupStart
            guard (1...4).contains(length) else { return false }
            if bytes[groupStart..<index].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { sawDigit = true }
            groups += 1
            guard index < bytes.endIndex else { break }
            index += 1  // ':'
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") {
                guard !compressed else { return false }
                compressed = true
                index += 1
            } else if index == bytes.endIndex {
                return false  // a trailing single ':'
            }
        }
        guard sawDigit else { return false }
        return compressed ? groups <= 7 : groups == 8
    }
}
