import Foundation

/// `ip_address`: an IPv4 dotted quad (octets 0–255, no leading zeros, not part of a longer
/// dotted sequence) or an IPv6 address in full or `::`-compressed form.
struct IPAddressRecognizer: RunRecognizer {
    let type = EntityType.ipAddress
    let acceptsLetterOnlyRuns = true

    func recognize(_ candidate: RunCandidate, in text: ScanText) -> RecognizedSpan? {
        let bytes = text.bytes
        let end = candidate.byteEnd
        guard end < bytes.count else { return nil }
        if bytes[end] == UInt8(ascii: "."), candidate.isAllDigits {
            return ipv4(from: candidate.byteStart, in: text)
        }
        if bytes[end] == UInt8(ascii: ":") {
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
        while end < bytes.count, Self.isIPv6Byte(bytes[end]) { end += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard !text.isAlphanumeric(startingAt: end), Self.isIPv6(bytes[start..<end]) else { return nil }
        return RecognizedSpan(byteStart: start, byteEnd: end, confidence: 0.8)
    }

    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x3A) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66) || byte == UInt8(ascii: ".")
    }

    /// Whether the bytes are an IPv6 address: eight groups, or fewer with one `::`, the last
    /// group optionally an IPv4 address; at least one group holds a digit.
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        var sawDigit = false
        for (halfIndex, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (partIndex, part) in parts.enumerated() {
                if part.contains("."), halfIndex == halves.count - 1, partIndex == parts.count - 1 {
                    let octets = part.split(separator: ".", omittingEmptySubsequences: false)
                    guard octets.count == 4, octets.allSatisfy({ (1...3).contains($0.count) && (UInt8($0) != nil) }) else { return false }
                    groups += 2
                    sawDigit = true
                    continue
                }
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit) else { return false }
                if part.contains(where: \.isNumber) { sawDigit = true }
                groups += 1
            }
        }
        guard sawDigit else { return false }
        return halves.count == 2 ? groups >= 2 && groups <= 7 : groups == 8
    }
}
