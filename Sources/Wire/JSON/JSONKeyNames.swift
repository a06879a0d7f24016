#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The member names of OpenAI objects that scans meet on every request and every stream chunk,
/// kept as strings made once: a key that is one of them is looked up by its bytes instead of
/// being decoded into a new string.
enum JSONKeyNames {
    /// The names, grouped by their length in bytes.
    private static let byLength: [[(bytes: [UInt8], name: String)]] = {
        let names = [
            "id", "object", "created", "model", "choices", "usage", "system_fingerprint", "service_tier", "index", "delta", "message",
            "messages", "role", "content", "finish_reason", "logprobs", "prompt_tokens", "completion_tokens", "total_tokens",
            "prompt_tokens_details", "completion_tokens_details", "tool_calls", "tools", "tool_choice", "stream", "stream_options",
            "temperature", "top_p", "max_tokens", "max_completion_tokens", "user", "n", "stop", "data", "input", "error", "type", "name",
        ]
        var table = [[(bytes: [UInt8], name: String)]](repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for name in names { table[name.utf8.count].append((Array(name.utf8), name)) }
        return table
    }()

    /// The name whose UTF-8 is exactly `bytes` (a key's literal without its quotes and with no
    /// escapes), or nil when it is not one of them.
    static func name(for bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count < byLength.count, let base = bytes.baseAddress else { return nil }
        for candidate in byLength[bytes.count] {
            let same = candidate.bytes.withUnsafeBytes { memcmp($0.baseAddress!, base, bytes.count) == 0 }
            if same { return candidate.name }
        }
        return nil
    }
}
