#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Wire

/// Every string of a request body (values and keys, in every field, at any depth), laid end to
/// end as one text for the scanner, with where each piece came from.
///
/// Strings are separated by a line break. Text the model reads as one text — the text parts of
/// one `content` array, and the text of consecutive messages — is also read joined: after the
/// strings, each boundary between two such pieces gets a *window*, up to ``windowBytes`` of the
/// end of one piece followed by up to ``windowBytes`` of the start of the next, so a value split
/// across them is found whole. Base64 and `data:` payloads of a text type are decoded and read
/// as text; other payloads are listed as uninspectable and add no text. A string whose decoded
/// text is itself JSON with `\u` escapes (tool-call arguments written by `json.dumps`) is read a
/// second time with those escapes decoded.
struct RequestText {
    /// Where a string's text came from.
    enum Origin: Equatable {
        /// A string value.
        case value
        /// An object key.
        case key
        /// A decoded payload; a masked copy is encoded again behind `prefix`.
        case payload(prefix: String)
        /// Text decoded from escapes inside another string: it has no literal of its own.
        case derived
    }

    /// One string.
    struct Piece {
        /// Its literal in the body, quotes included (for a derived piece, its host's literal).
        var literalRange: Range<Int>
        /// Its text in ``document``.
        var textRange: Range<Int>
        /// Where the text came from.
        var origin: Origin
        /// Whether the text is JSON (tool-call `arguments`), so a masked value outside a JSON
        /// string must be quoted.
        var isJSONText: Bool
        /// Why a value found here cannot be masked without breaking what the backend needs
        /// (a function name, a URL, a file id); nil when it can.
        var unmaskable: String?
        /// Its token in the tape, for its path.
        var token: Int
        /// Whether it is message text (a `content` string or a text part) that is joined with
        /// the text next to it.
        var isText = false
    }

    /// The join of the end of one text piece and the start of the next, in ``document``.
    struct Window {
        /// The piece whose end comes first.
        var first: Int
        /// The piece whose start follows.
        var second: Int
        /// Where the window's copy of the first piece's end starts, in ``document``.
        var start: Int
        /// Where that copy starts within the first piece's text.
        var firstOffset: Int
        /// Where the second piece's start begins, in ``document``: the boundary.
        var boundary: Int
        /// Where the window ends, in ``document``.
        var end: Int
    }

    /// How much of each piece a window holds, in bytes: more than the longest value with its
    /// context words.
    static let windowBytes = 256

    /// Content the scanner cannot read.
    struct Opaque {
        /// Its media type, e.g. `image/png`.
        var mediaType: String
        /// Its string's token in the tape.
        var token: Int
    }

    /// The text of every piece, in order.
    private(set) var document: [UInt8] = []
    /// The pieces, in order of their text.
    private(set) var pieces: [Piece] = []
    /// Payloads that could not be read.
    private(set) var opaque: [Opaque] = []
    /// The windows over boundaries between text pieces, after every piece's text.
    private(set) var windows: [Window] = []
    /// Pairs of consecutive text pieces (indices into ``pieces``) to join.
    private var boundaries: [(Int, Int)] = []
    /// Paths of the opaque payloads and unmaskable pieces, worked out while the tape is at hand.
    private(set) var paths: [Int: String] = [:]

    /// The names of members whose values the reader treats specially.
    private enum Name: String {
        case content, text, refusal, name, url, function, functions, functionCall = "function_call", arguments, messages
        case fileData = "file_data", data, inputAudio = "input_audio", fileID = "file_id", id, audio
    }

    /// Where a value sits: the member name it is the value of, the name its object is the value
    /// of, and whether that object describes a function.
    private struct Place {
        var name: Name?
        var parent: Name?
        var inFunction = false
    }

    private let body: UnsafeRawBufferPointer
    private let tape: JSONTape

    /// Reads `body`, a JSON document already validated.
    init(body: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        self.body = body
        tape = try JSONTape(validated: body)
        document.reserveCapacity(body.count)
        try readValue(0, Place(), separated: true)
        appendWindows()
        for item in opaque { paths[item.token] = tape.path(to: item.token, in: body) }
        for piece in pieces where piece.unmaskable != nil { paths[piece.token] = tape.path(to: piece.token, in: body) }
    }

    /// Reads the value at `index` in `place`.
    private mutating func readValue(_ index: Int, _ place: Place, separated: Bool) throws(JSONSyntaxError) {
        let token = tape.tokens[index]
        switch token.kind {
        case .string:
            try readString(index, place, separated: separated)
        case .object:
            let inFunction = place.name == .function || place.name == .functionCall || place.name == .functions
            try readMembers(tape.children(of: index), inFunction: inFunction, objectName: place.name)
        case .array:
            if place.name == .content {
                boundaries += Self.consecutivePairs(try readContentParts(index, place))
            } else if place.name == .messages, place.parent == nil {
                try readMessages(index, place)
            } else {
                for element in tape.children(of: index) {
                    try readValue(element, place, separated: true)
                }
            }
        case .key, .scalar:
            break
        }
    }

    /// Reads object members (key tokens): the key, then its value.
    private mutating func readMembers(_ keys: [Int], inFunction: Bool, objectName: Name?, skippingValueOf skipped: Int? = nil) throws(JSONSyntaxError) {
        for key in keys {
            let name = appendKey(key)
            guard key != skipped else { continue }
            try readValue(key + 1, Place(name: name, parent: objectName, inFunction: inFunction), separated: true)
        }
    }

    /// The messages: each read as usual, and the last text piece of each joined with the first
    /// of the next.
    private mutating func readMessages(_ index: Int, _ place: Place) throws(JSONSyntaxError) {
        var previousLast: Int?
        for element in tape.children(of: index) {
            let before = pieces.count
            try readValue(element, place, separated: true)
            let texts = (before..<pieces.count).filter { pieces[$0].isText }
            if let previousLast, let first = texts.first { boundaries.append((previousLast, first)) }
            if let last = texts.last { previousLast = last }
        }
    }

    /// A `content` array: its text parts first, then everything else in its parts; returns the
    /// text parts' pieces in order.
    private mutating func readContentParts(_ index: Int, _ place: Place) throws(JSONSyntaxError) -> [Int] {
        let elements = tape.children(of: index)
        // The key of each part's text member (or the element itself for a bare string).
        var textTokens: [Int?] = []
        textTokens.reserveCapacity(elements.count)
        var textPieces: [Int] = []
        for element in elements {
            var text: Int?
            let before = pieces.count
            switch tape.tokens[element].kind {
            case .string:
                text = element
                try readString(element, Place(name: .text, parent: .content), separated: true)
            case .object:
                for key in tape.children(of: element) where tape.tokens[key + 1].kind == .string {
                    let name = memberName(key)
                    guard name == .text || name == .refusal else { continue }
                    text = key
                    try readString(key + 1, Place(name: name, parent: .content), separated: true)
                    break
                }
            default:
                break
            }
            for piece in before..<pieces.count where pieces[piece].origin == .value {
                pieces[piece].isText = true
                textPieces.append(piece)
            }
            textTokens.append(text)
        }
        for (element, text) in zip(elements, textTokens) {
            switch tape.tokens[element].kind {
            case .string:
                continue
            case .object:
                try readMembers(tape.children(of: element), inFunction: false, objectName: nil, skippingValueOf: text)
            default:
                try readValue(element, place, separated: true)
            }
        }
        return textPieces
    }

    private static func consecutivePairs(_ indices: [Int]) -> [(Int, Int)] {
        zip(indices, indices.dropFirst()).map { ($0, $1) }
    }

    /// Appends a window for each boundary between consecutive text pieces.
    private mutating func appendWindows() {
        var seen = Set<Int>()
        for (first, second) in boundaries where seen.insert(first << 32 | second).inserted {
            let firstRange = pieces[first].textRange
            let secondRange = pieces[second].textRange
            guard !firstRange.isEmpty, !secondRange.isEmpty else { continue }
            // Start and end on character boundaries (not on a UTF-8 continuation byte).
            var tailStart = max(firstRange.lowerBound, firstRange.upperBound - Self.windowBytes)
            while tailStart < firstRange.upperBound, document[tailStart] & 0xC0 == 0x80 { tailStart += 1 }
            var headEnd = min(secondRange.upperBound, secondRange.lowerBound + Self.windowBytes)
            while headEnd < secondRange.upperBound, document[headEnd] & 0xC0 == 0x80 { headEnd -= 1 }
            let tail = Array(document[tailStart..<firstRange.upperBound])
            let head = Array(document[secondRange.lowerBound..<headEnd])
            document.append(UInt8(ascii: "\n"))
            let start = document.count
            document.append(contentsOf: tail)
            let boundary = document.count
            document.append(contentsOf: head)
            windows.append(Window(
                first: first, second: second, start: start, firstOffset: tailStart - firstRange.lowerBound, boundary: boundary, end: document.count))
        }
    }

    /// Adds the key at `index` to the text and says which special member it names.
    private mutating func appendKey(_ index: Int) -> Name? {
        let range = tape.tokens[index].range
        let start = document.count
        document.append(UInt8(ascii: "\n"))
        let escaped = (try? JSONObjectScanner.appendDecodedString(body, at: range, to: &document)) ?? false
        pieces.append(Piece(literalRange: range, textRange: (start + 1)..<document.count, origin: .key, isJSONText: false, unmaskable: nil, token: index))
        return escaped ? nil : Self.name(document[(start + 1)...])
    }

    private func memberName(_ key: Int) -> Name? {
        let range = tape.tokens[key].range
        return Self.name(UnsafeRawBufferPointer(rebasing: body[(range.lowerBound + 1)..<(range.upperBound - 1)]))
    }

    private static func name<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Name? {
        guard bytes.count <= 13 else { return nil }
        return Name(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    /// Reads the string value at `index`.
    private mutating func readString(_ index: Int, _ place: Place, separated: Bool) throws(JSONSyntaxError) {
        let range = tape.tokens[index].range
        let raw = UnsafeRawBufferPointer(rebasing: body[(range.lowerBound + 1)..<(range.upperBound - 1)])
        if place.name == .data, place.parent == .inputAudio {
            opaque.append(Opaque(mediaType: "audio", token: index))
            return
        }
        if raw.count > 5, raw.prefix(5).elementsEqual("data:".utf8) {
            let text = try JSONObjectScanner.decodeString(body, at: range)
            if let payload = EmbeddedPayload.dataURL(Substring(text)) {
                readPayload(payload, index, range)
                return
            }
        }
        if place.name == .fileData || EmbeddedPayload.looksLikeBase64(raw) {
            readPayload(EmbeddedPayload.bareBase64(Substring(try JSONObjectScanner.decodeString(body, at: range))), index, range)
            return
        }
        if separated { document.append(UInt8(ascii: "\n")) }
        let textStart = document.count
        try JSONObjectScanner.appendDecodedString(body, at: range, to: &document)
        pieces.append(Piece(
            literalRange: range, textRange: textStart..<document.count, origin: .value, isJSONText: place.name == .arguments,
            unmaskable: Self.unmaskableReason(place), token: index, isText: place.name == .content))
        readEscapedJSON(in: textStart..<document.count, host: index, literal: range)
    }

    private mutating func readPayload(_ payload: EmbeddedPayload, _ index: Int, _ range: Range<Int>) {
        switch payload {
        case .opaque(let mediaType):
            opaque.append(Opaque(mediaType: mediaType, token: index))
        case .text(let text, let prefix):
            document.append(UInt8(ascii: "\n"))
            let start = document.count
            document.append(contentsOf: text.utf8)
            pieces.append(Piece(literalRange: range, textRange: start..<document.count, origin: .payload(prefix: prefix), isJSONText: false, unmaskable: nil, token: index))
        }
    }

    /// When the text at `textRange` is JSON holding `\u` escapes, reads its strings decoded,
    /// as derived pieces of the string at `host`.
    private mutating func readEscapedJSON(in textRange: Range<Int>, host: Int, literal: Range<Int>) {
        guard Self.holdsUnicodeEscape(document[textRange]) else { return }
        let inner = Array(document[textRange])
        let decodedStrings: [[UInt8]] = inner.withUnsafeBytes { bytes in
            guard (try? JSONObjectScanner.validate(bytes)) != nil, let innerTape = try? JSONTape(validated: bytes) else { return [] }
            return innerTape.tokens.compactMap { token in
                guard token.kind == .string || token.kind == .key else { return nil }
                var decoded: [UInt8] = []
                guard (try? JSONObjectScanner.appendDecodedString(bytes, at: token.range, to: &decoded)) == true else { return nil }
                return decoded
            }
        }
        for decoded in decodedStrings {
            document.append(UInt8(ascii: "\n"))
            let start = document.count
            document.append(contentsOf: decoded)
            pieces.append(Piece(
                literalRange: literal, textRange: start..<document.count, origin: .derived, isJSONText: false,
                unmaskable: "\\u-escaped text inside a JSON string", token: host))
        }
    }

    private static func holdsUnicodeEscape(_ text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\\")), bytes.count - offset) {
                let index = base.distance(to: UnsafeRawPointer(found))
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") { return true }
                offset = index + 1
            }
            return false
        }
    }

    private static func unmaskableReason(_ place: Place) -> String? {
        switch place.name {
        case .name where place.inFunction: "a function name"
        case .url: "a URL the backend fetches"
        case .fileID: "a file id"
        case .id where place.parent == .audio: "an audio id"
        default: nil
        }
    }
}
