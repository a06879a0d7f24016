/// `email`: `local@domain.tld`, the local part of letters, digits and `._%+-`, the domain of
/// dot-separated labels of letters, digits and `-`, ending in a label of two or more letters.
struct EmailRecognizer: Sendable {
    let type = EntityType.email

    /// The address around the `@` at `atOffset`, if there is one.
    func recognize(at atOffset: Int, in text: ScanText) -> RecognizedSpan? {
        let bytes = text.bytes
        var start = atOffset
        while start > 0, Self.isLocalByte(bytes[start - 1]) { start -= 1 }
        while start < atOffset, bytes[start] == UInt8(ascii: ".") { start += 1 }
        guard start < atOffset else { return nil }
        var end = atOffset + 1
        while end < bytes.count, Self.isDomainByte(bytes[end]) { end += 1 }
        while end > atOffset + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
        // Two or more labels of 1–63 bytes; the last one of two or more letters.
        var labels = 0
        var labelStart = atOffset + 1
        var lastLabelStart = labelStart
        for index in labelStart...end where index == end || bytes[index] == UInt8(ascii: ".") {
            let length = index - labelStart
            guard length >= 1, length <= 63 else { return nil }
            labels += 1
            lastLabelStart = labelStart
            labelStart = index + 1
        }
        guard labels >= 2, end - lastLabelStart >= 2, bytes[lastLabelStart..<end].allSatisfy({ ($0 | 0x20) &- 0x61 < 26 }) else { return nil }
        return RecognizedSpan(byteStart: start, byteEnd: end, confidence: 0.9)
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        ScanText.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        ScanText.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
