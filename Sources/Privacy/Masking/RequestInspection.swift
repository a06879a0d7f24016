import Foundation
import Wire

/// What inspection found in one request body. Every string a backend would receive is scanned:
/// every value and every object key, in every field (known or not), at any depth, after JSON
/// unescaping; the text parts of one message are also read joined, and text payloads (base64,
/// `data:` URLs) decoded (see ``RequestText``). It gives the request's data level, the values
/// found, the content that could not be read, and the values that cannot be masked.
public struct RequestInspection: Sendable {
    /// Content the scanner could not read as text: an image, audio, a PDF, an unknown type.
    public struct Uninspectable: Sendable, Equatable, CustomStringConvertible {
        /// Its media type, e.g. `image/png`, `audio`, `application/octet-stream`.
        public var mediaType: String
        /// Where it is, e.g. `messages[0].content[1].image_url.url`.
        public var path: String

        public var description: String { "\(mediaType) at \(path)" }
    }

    /// A value found where masking would break what the backend needs.
    public struct Unmaskable: Sendable, Equatable, CustomStringConvertible {
        /// The value's type.
        public var type: EntityType
        /// What the string is, e.g. `a function name`.
        public var reason: String
        /// Where it is.
        public var path: String

        public var description: String { "a \(type.rawValue) in \(reason) at \(path)" }
    }

    /// One string to rewrite when the body is masked.
    private struct Target: Sendable {
        var literalRange: Range<Int>
        var text: [UInt8]
        var prefix: String?
        var isJSONText: Bool
        var replacements: [PseudonymReplacement.Replacement]
    }

    /// The values found (a value split across text parts is one value).
    public private(set) var entities: [DetectedEntity]
    /// The keywords found.
    public private(set) var keywords: [KeywordHit]
    /// The highest level found (L1 when nothing was found); content that could not be read is
    /// not counted here (see ``uninspectable``).
    public private(set) var level: DataLevel
    /// Content that could not be read.
    public private(set) var uninspectable: [Uninspectable]
    /// Values that cannot be masked.
    public private(set) var unmaskable: [Unmaskable]
    private var targets: [Target]

    /// Scans every string of `body` (a JSON document already validated).
    public init(body: UnsafeRawBufferPointer, scanner: borrowing PrivacyScanner) throws(JSONSyntaxError) {
        let text = try RequestText(body: body)
        let result = scanner.scan(utf8: text.document)
        keywords = result.keywords
        uninspectable = text.opaque.map { Uninspectable(mediaType: $0.mediaType, path: text.paths[$0.token] ?? "") }
        entities = []
        unmaskable = []
        targets = []
        var mask = MaskPlan(text: text)
        let windowsStart = text.windows.first?.start ?? Int.max
        // Values across a window's boundary first: where one covers a value found in a piece
        // on its own (the first 18 digits of a 19-digit card), the whole value is the one kept.
        var splitShares: [Int: [Range<Int>]] = [:]
        for entity in result.entities where entity.utf8Range.lowerBound >= windowsStart {
            // In a window: only a value across its boundary is new (the rest was found in its piece).
            guard let window = text.windows.first(where: { $0.start <= entity.utf8Range.lowerBound && entity.utf8Range.upperBound <= $0.end }),
                  entity.utf8Range.lowerBound < window.boundary, entity.utf8Range.upperBound > window.boundary
            else { continue }
            let first = text.pieces[window.first].textRange
            let firstShare = (window.firstOffset + entity.utf8Range.lowerBound - window.start)..<first.count
            let secondShare = 0..<(entity.utf8Range.upperBound - window.boundary)
            if splitShares[window.first, default: []].contains(where: { $0.overlaps(firstShare) }) { continue }
            splitShares[window.first, default: []].append(firstShare)
            splitShares[window.second, default: []].append(secondShare)
            mask.add(entity, piece: window.first, share: firstShare, removes: false)
            mask.add(entity, piece: window.second, share: secondShare, removes: true)
            entities.append(entity)
        }
        for entity in result.entities where entity.utf8Range.upperBound <= windowsStart {
            // The pieces it reaches (one, unless a custom pattern runs across a line break).
            var low = 0
            var high = text.pieces.count
            while low < high {
                let middle = (low + high) / 2
                if text.pieces[middle].textRange.upperBound <= entity.utf8Range.lowerBound { low = middle + 1 } else { high = middle }
            }
            var shares: [(piece: Int, share: Range<Int>)] = []
            for index in low..<text.pieces.count {
                let range = text.pieces[index].textRange
                guard range.lowerBound < entity.utf8Range.upperBound else { break }
                guard range.overlaps(entity.utf8Range) else { continue }
                shares.append((index, (max(range.lowerBound, entity.utf8Range.lowerBound) - range.lowerBound)..<(min(range.upperBound, entity.utf8Range.upperBound) - range.lowerBound)))
            }
            let covered = shares.contains { share in splitShares[share.piece]?.contains { $0.overlaps(share.share) } ?? false }
            guard !covered else { continue }
            for (position, share) in shares.enumerated() {
                mask.add(entity, piece: share.piece, share: share.share, removes: position > 0)
            }
            entities.append(entity)
        }
        targets = mask.targets()
        unmaskable = mask.unmaskable
        level = entities.reduce(keywords.map(\.level).max() ?? .public1) { max($0, scanner.levels.level(of: $1.type)) }
    }

    /// The strings to rewrite, gathered while the values are placed.
    private struct MaskPlan {
        let text: RequestText
        /// The targets so far, in the order first met (few: one per string holding a value).
        var found: [Target] = []
        var unmaskable: [Unmaskable] = []

        /// Notes that `share` (bytes of the piece's text) of `entity` is in `piece`.
        mutating func add(_ entity: DetectedEntity, piece index: Int, share: Range<Int>, removes: Bool) {
            let piece = text.pieces[index]
            if let reason = piece.unmaskable {
                unmaskable.append(Unmaskable(type: entity.type, reason: reason, path: text.paths[piece.token] ?? ""))
                // Masked anyway where it has a literal of its own: the copy for the audit
                // trail. A backend never gets such a copy (``canMask`` is false).
                if piece.origin == .derived { return }
            }
            let target: Int
            if let existing = found.lastIndex(where: { $0.literalRange == piece.literalRange }) {
                target = existing
            } else {
                let prefix: String?
                if case .payload(let payloadPrefix) = piece.origin { prefix = payloadPrefix } else { prefix = nil }
                found.append(Target(
                    literalRange: piece.literalRange, text: Array(text.document[piece.textRange]), prefix: prefix, isJSONText: piece.isJSONText, replacements: []))
                target = found.count - 1
            }
            found[target].replacements.append(.init(utf8Range: share, value: entity.text, type: entity.type, removes: removes))
        }

        /// The targets, each with its replacements in order.
        func targets() -> [Target] {
            found.sorted { $0.literalRange.lowerBound < $1.literalRange.lowerBound }.map { target in
                var target = target
                target.replacements.sort { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
                return target
            }
        }
    }

    /// Whether every value found can be masked.
    public var canMask: Bool { unmaskable.isEmpty }

    /// How many values of each type were found.
    public var entityCounts: [EntityType: Int] {
        var counts: [EntityType: Int] = [:]
        for entity in entities { counts[entity.type, default: 0] += 1 }
        return counts
    }

    /// Keyword categories found.
    public var keywordCategories: Set<String> {
        Set(keywords.map(\.category))
    }

    /// `body` with every value found replaced by its pseudonym from `vault` (issuing new ones as
    /// needed), wherever it was found: in values, keys and text payloads (encoded again). A
    /// value split across text parts leaves its pseudonym in the first part. In tool arguments,
    /// a value that is not inside a JSON string becomes a quoted pseudonym, so the arguments
    /// stay valid JSON. Values in ``unmaskable`` are masked too where they have a literal of their
    /// own, which breaks what the backend needs: a masked copy goes to a backend only when
    /// ``canMask``.
    public func masked(_ body: UnsafeRawBufferPointer, vault: inout PseudonymVault) -> [UInt8] {
        var splicer = JSONSplicer()
        for target in targets {
            let output = PseudonymReplacement.apply(target.replacements, to: target.text, vault: &vault, quoteOutsideJSONStrings: target.isJSONText)
            if let prefix = target.prefix {
                splicer.replace(target.literalRange, with: JSONStringLiteral.bytes(prefix + Data(output).base64EncodedString()))
            } else {
                var literal: [UInt8] = []
                literal.reserveCapacity(output.count + 2)
                output.withUnsafeBufferPointer { JSONStringLiteral.append(utf8: $0, to: &literal) }
                splicer.replace(target.literalRange, with: literal)
            }
        }
        return splicer.apply(to: body)
    }
}
