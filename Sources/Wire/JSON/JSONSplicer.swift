import NIOCore

/// Builds a new JSON document from an original one by replacing byte ranges, leaving every
/// other byte as it was.
///
/// ```swift
/// var splicer = JSONSplicer()
/// splicer.replace(modelMember.valueRange, with: JSONStringLiteral.bytes("qwen2.5-72b"))
/// let rewritten = splicer.apply(to: original)
/// ```
public struct JSONSplicer: Sendable {
    private var edits: [(range: Range<Int>, replacement: [UInt8])] = []

    /// Creates a splicer with no edits.
    public init() {}

    /// True when no edit was recorded.
    public var isEmpty: Bool { edits.isEmpty }

    /// Replaces the bytes in `range` with `replacement`. Ranges must not overlap.
    public mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) {
        edits.append((range, replacement))
    }

    /// Inserts `text` at `offset`.
    public mutating func insert(_ bytes: [UInt8], at offset: Int) {
        edits.append((offset..<offset, bytes))
    }

    /// Adds a member `"key": rawValue` to the object occupying `objectRange`.
    public mutating func addMember(key: String, rawValue: [UInt8], toObject scan: JSONObjectScan) {
        var member: [UInt8] = scan.members.isEmpty ? [] : [UInt8(ascii: ",")]
        JSONStringLiteral.append(key, to: &member)
        member.append(UInt8(ascii: ":"))
        member.append(contentsOf: rawValue)
        insert(member, at: scan.objectRange.upperBound - 1)
    }

    /// Removes a member and the comma that separated it from its neighbour.
    public mutating func removeMember(_ member: JSONObjectScan.Member, of scan: JSONObjectScan, in bytes: UnsafeRawBufferPointer) {
        guard let index = scan.members.firstIndex(of: member) else { return }
        if index + 1 < scan.members.count {
            replace(member.keyRange.lowerBound..<scan.members[index + 1].keyRange.lowerBound, with: [])
        } else if index > 0 {
            replace(scan.members[index - 1].valueRange.upperBound..<member.valueRange.upperBound, with: [])
        } else {
            replace(member.keyRange.lowerBound..<member.valueRange.upperBound, with: [])
        }
    }

    /// The document with every edit applied.
    public func apply(to original: UnsafeRawBufferPointer) -> [UInt8] {
        // One edit (the usual case: a rewritten `model`) needs no sorted copy.
        let ordered = edits.count < 2 ? edits : edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(original.count + ordered.reduce(0) { $0 + $1.replacement.count })
        var cursor = 0
        for edit in ordered {
            Self.append(original, cursor..<edit.range.lowerBound, to: &output)
            output.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        Self.append(original, cursor..<original.count, to: &output)
        return output
    }

    /// `original` with the bytes in `range` replaced by `replacement`: one edit, applied
    /// without recording it (a stream event's rewritten `model`).
    public static func replacing(_ range: Range<Int>, with replacement: [UInt8], in original: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(original.count - range.count + replacement.count)
        append(original, 0..<range.lowerBound, to: &output)
        output.append(contentsOf: replacement)
        append(original, range.upperBound..<original.count, to: &output)
        return output
    }

    /// ``replacing(_:with:in:)`` written into `buffer` (a complete answer's body) instead of an
    /// array.
    public static func replace(_ range: Range<Int>, with replacement: [UInt8], in original: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: original.count - range.count + replacement.count)
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: original[..<range.lowerBound]))
        buffer.writeBytes(replacement)
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: original[range.upperBound...]))
    }

    /// Appends `original`'s bytes in `range` to `output` in one copy.
    private static func append(_ original: UnsafeRawBufferPointer, _ range: Range<Int>, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: original[range]))
    }
}
