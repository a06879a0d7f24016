import Foundation

/// Token counts reported by Anthropic, and their OpenAI `usage` equivalent.
struct AnthropicUsage: Sendable, Equatable {
    /// Uncached input tokens.
    var inputTokens: Int?
    /// Input tokens written to the prompt cache.
    var cacheCreationInputTokens: Int?
    /// Input tokens read from the prompt cache.
    var cacheReadInputTokens: Int?
    /// Generated tokens.
    var outputTokens: Int?

    /// Takes every count present in an Anthropic `usage` object, keeping earlier values for absent ones.
    mutating func update(from usage: AnthropicJSON?) {
        guard let usage else { return }
        if let value = usage["input_tokens"]?.intValue { inputTokens = value }
        if let value = usage["cache_creation_input_tokens"]?.intValue { cacheCreationInputTokens = value }
        if let value = usage["cache_read_input_tokens"]?.intValue { cacheReadInputTokens = value }
        if let value = usage["output_tokens"]?.intValue { outputTokens = value }
    }

    /// OpenAI prompt tokens: input plus cache tokens; nil when no input count was reported.
    var promptTokens: Int? {
        let parts = [inputTokens, cacheCreationInputTokens, cacheReadInputTokens].compactMap { $0 }
        return parts.isEmpty ? nil : parts.reduce(0, +)
    }

    /// OpenAI completion tokens: the output tokens.
    var completionTokens: Int? { outputTokens }

    /// The OpenAI `usage` object (missing counts are 0); cache reads appear as `prompt_tokens_details.cached_tokens`.
    var openAIUsage: AnthropicJSON {
        let prompt = promptTokens ?? 0
        let completion = completionTokens ?? 0
        var usage: [String: AnthropicJSON] = [
            "prompt_tokens": .int(prompt),
            "completion_tokens": .int(completion),
            "total_tokens": .int(prompt + completion),
        ]
        if let cached = cacheReadInputTokens {
            usage["prompt_tokens_details"] = .object(["cached_tokens": .int(cached)])
        }
        return .object(usage)
    }
}
