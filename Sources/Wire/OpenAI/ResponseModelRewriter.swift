#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Rewrites the `model` field of an OpenAI response object (a completion, a stream chunk, an
/// embedding list) to the alias the app asked for, and reads its `usage` on the way.
///
/// Everything else in the object is passed through byte for byte.
public enum ResponseModelRewriter {
    /// The result of rewriting one object, as an array (a stream event's data) or a buffer (a
    /// complete answer's body).
    public struct Result<Bytes: Sendable>: Sendable {
        /// The rewritten JSON.
        public var bytes: Bytes
        /// The usage the object carried, if any.
        public var usage: TokenUsage?
        /// Whether the object carries usage and no choices (a stream's final usage chunk).
        public var isUsageOnly = false
    }

    /// Sets `model` to `alias` in the JSON object `bytes`; throws if it is not a JSON object.
    public static func rewrite(_ bytes: UnsafeRawBufferPointer, alias: String) throws(JSONSyntaxError) -> Result<[UInt8]> {
        try rewrite(bytes, aliasLiteral: JSONStringLiteral.bytes(alias))
    }

    /// Sets `model` to `aliasLiteral` (a JSON string literal, quotes included, made once for
    /// every event of a stream) in the JSON object `bytes`; throws if it is not a JSON object.
    /// `validated` says that `bytes` was checked to be one before (by ``JSONObjectScanner/scanDocument(_:)``),
    /// so that its strings are not checked again.
    public static func rewrite(_ bytes: UnsafeRawBufferPointer, aliasLiteral: [UInt8], validated: Bool = false) throws(JSONSyntaxError) -> Result<[UInt8]> {
        let found = try read(bytes, validated: validated)
        let rewritten = found.model.map { JSONSplicer.replacing($0, with: aliasLiteral, in: bytes) } ?? Array(bytes)
        return Result(bytes: rewritten, usage: found.usage, isUsageOnly: found.isUsageOnly)
    }

    /// ``rewrite(_:aliasLiteral:validated:)`` for a complete answer: the rewritten object is
    /// written straight into a buffer (the app's body) rather than into an array first.
    public static func rewrite(_ body: ByteBuffer, aliasLiteral: [UInt8], validated: Bool = false) throws(JSONSyntaxError) -> Result<ByteBuffer> {
        try body.withReadableBytes { bytes throws(JSONSyntaxError) in
            let found = try read(bytes, validated: validated)
            var rewritten = body
            if let model = found.model {
                rewritten = ByteBuffer()
                JSONSplicer.replace(model, with: aliasLiteral, in: bytes, into: &rewritten)
            }
            return Result(bytes: rewritten, usage: found.usage, isUsageOnly: found.isUsageOnly)
        }
    }

    /// What a rewrite needs of an object: where its `model` value lies, its usage, and whether
    /// it is usage alone.
    private static func read(_ bytes: UnsafeRawBufferPointer, validated: Bool) throws(JSONSyntaxError) -> (model: Range<Int>?, usage: TokenUsage?, isUsageOnly: Bool) {
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
        var isUsageOnly = false
        if usage != nil {
            switch choices {
            case nil: isUsageOnly = true
            case let choices? where choices.kind == .null: isUsageOnly = true
            case let choices? where choices.kind == .array: isUsageOnly = try JSONObjectScanner.scanArray(bytes, in: choices.range).isEmpty
            case _?: break
            }
        }
        return (model, usage, isUsageOnly)
    }

    private static func `is`(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }
}
