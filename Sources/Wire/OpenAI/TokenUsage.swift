/// Token counts reported by a model backend for one completion.
public struct TokenUsage: Sendable, Equatable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated.
    public var completionTokens: Int

    /// Creates a usage record.
    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    /// Reads an OpenAI `usage` object located at `range` of `bytes`; nil if it has no counts.
    public static func read(_ bytes: UnsafeRawBufferPointer, objectAt range: Range<Int>) -> TokenUsage? {
        guard let scan = try? JSONObjectScanner.scanObject(bytes, in: range) else { return nil }
        func integer(_ key: String) -> Int? {
            guard let member = scan.member(key), member.kind == .number else { return nil }
            return JSONObjectScanner.decodeInteger(bytes, at: member.valueRange)
        }
        let prompt = integer("prompt_tokens")
        let completion = integer("completion_tokens")
        guard prompt != nil || completion != nil else { return nil }
        return TokenUsage(promptTokens: prompt ?? 0, completionTokens: completion ?? 0)
    }
}
