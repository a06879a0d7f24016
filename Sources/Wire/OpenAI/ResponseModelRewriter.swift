#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites the `model` field of an OpenAI response object (a completion, a stream chunk, an
/// embedding list) to the alias the app asked for, and reads its `usage` on the way.
///
/// Everything else in the object is passed through byte for byte.
public enum ResponseModelRewriter {
    /// The result of rewriting one object.
    public struct Result: Sendable {
        /// The rewritten JSON.
        public var bytes: [UInt8]
        /// The usage the object carried, if any.
        public var usage: TokenUsage?
        /// Whether the object carries usage and no choices (a stream's final usage chunk).
        public var isUsageOnly = false
    }

    /// Sets `model` to `alias` in the JSON object `bytes`; throws if it is not a JSON object.
    public static func rewrite(_ bytes: UnsafeRawBufferPointer, alias: String) throws(JSONSyntaxError) -> Result {
        try rewrite(bytes, aliasLiteral: JSONStringLiteral.bytes(alias))
    }

    /// Sets `model` to `aliasLiteral` (a JSON string literal, quotes included, made once for
    /// every event of a stream) in the JSON object `bytes`; throws if it is not a JSON object.
    /// `validated` says that `bytes` was checked to be one before (by ``JSONObjectScanner/scanDocument(_:)``),
    /// so that its strings are not checked again.
    public static func rewrite(_ bytes: UnsafeRawBufferPointer, aliasLiteral: [UInt8], validated: Bool = false) throws(JSONSyntaxError) -> Result {
        // The three members it needs, located in one pass that decodes no other key (a later
        // duplicate wins, as with ``JSONObjectScan/member(_:)``).
        var model: Range<Int>?
        var usageMember: (range: Range<Int>, kind: JSONValueKind)?
        var choices: (range: Range<Int>, kind: JSONValueKind)?
        try JSONObjectScanner.visitMembers(bytes, validated: validated) { key, valueRange, kind in
            if Self.is(key, "model") {
                model = valueRange
            } else if Self.is(key, "usage") {
                usageMember = (valueRange, kind)
            } else if Self.is(key, "choices") {
                choices = (valueRange, kind)
            }
        }
        var usage: TokenUsage?
        if let usageMember, usageMember.kind == .object {
            usage = TokenUsage.read(bytes, objectAt: usageMember.range)
        }
        let rewritten = model.map { JSONSplicer.replacing($0, with: aliasLiteral, in: bytes) } ?? Array(bytes)
        var result = Result(bytes: rewritten, usage: usage)
        if usage != nil {
            switch choices {
            case nil: result.isUsageOnly = true
            case let choices? where choices.kind == .null: result.isUsageOnly = true
            case let choices? where choices.kind == .array: result.isUsageOnly = try JSONObjectScanner.scanArray(bytes, in: choices.range).isEmpty
            case _?: break
            }
        }
        return result
    }

    private static func `is`(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }
}
