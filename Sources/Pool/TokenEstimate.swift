/// Estimates how many tokens a text is before a backend counts it, erring high: every scalar
/// outside ASCII (a Chinese character is one to two tokens' worth of a typical vocabulary's
/// pieces, usually less) counts as one token, and ASCII text as one token per three bytes.
public enum TokenEstimate {
    /// The estimated tokens of UTF-8 `bytes`.
    public static func tokens<Bytes: Sequence>(utf8 bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var ascii = 0
        var scalars = 0
        for byte in bytes {
            if byte < 0x80 {
                ascii += 1
            } else if byte & 0xC0 != 0x80 {
                scalars += 1
            }
        }
        return scalars + (ascii + 2) / 3
    }
}

extension TokenEstimate {
    /// What one model call is estimated to use before it is sent.
    public struct Call: Sendable, Equatable {
        /// Prompt tokens.
        public var promptTokens: Int
        /// Completion tokens: the request's `max_tokens`, or the configured default.
        public var completionTokens: Int

        /// Creates an estimate.
        public init(promptTokens: Int, completionTokens: Int) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
        }

        /// Both together.
        public var total: Int { promptTokens + completionTokens }
    }
}
