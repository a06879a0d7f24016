import Foundation

/// Finds sensitive values and keywords in text and works out the text's data level.
///
/// One pass over the UTF-8 bytes finds the runs of letters and digits that hold a digit
/// (full-width forms folded); each run, and each chain of runs joined by single spaces or
/// dashes, is offered to the built-in recognizers in priority order. One Aho–Corasick automaton
/// finds dictionary entries, keywords and the context words; authentication data is read right
/// after its context words, e-mail addresses around each `@`, and custom recognizers match their
/// regular expressions. Overlapping hits keep the longer one. Offsets are Unicode scalars.
///
/// Confidence: each recognizer gives a base value (validated formats 0.9–0.95, format-only
/// ones 0.7–0.8, context-bound ones 0.8–0.95 once their context word is present); a positive
/// context word of the type within 12 scalars before the value adds 0.1 (at most 1.0); a
/// negative context word (订单号, order number, reference …) within 12 scalars before a value
/// of a type that yields to it subtracts 0.5. A hit is reported at 0.5 or more.
public struct PrivacyScanner: Sendable {
    /// Hits below this confidence are not reported.
    public static let reportingThreshold = 0.5
    /// How far before a value, in Unicode scalars, context words are looked for.
    public static let contextReach = 12

    // The run recognizers, tried in this order of priority.
    private let identityNumber: ResidentIDRecognizer
    private let creditCode = SocialCreditCodeRecognizer()
    private let iban = IBANRecognizer()
    private let securitiesAccount = SecuritiesAccountRecognizer()
    private let bankCard = BankCardRecognizer()
    private let mobile = MobileNumberRecognizer()
    private let passport = PassportRecognizer()
    private let ipAddress = IPAddressRecognizer()
    private let authentication = AuthenticationDataRecognizer()
    private let email = EmailRecognizer()
    private let phrases: PhraseIndex
    private let custom: [CustomRecognizer]
    /// The level of each entity type.
    public let levels: LevelMap
    /// The levels of every type this scanner can report, looked up without hashing.
    private let typeLevels: TypeLevels

    /// A scanner with the built-in recognizers, the dictionary `entries` (text and type),
    /// keyword categories, custom recognizers and a level map. `clock` is what "today" is for
    /// checks that depend on the date (an identity number's birth date may not be later).
    public init(
        dictionary entries: [(text: String, type: EntityType)] = [], keywords: [KeywordCategory] = [], custom: [CustomRecognizer] = [],
        levels: LevelMap = .defaults, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        identityNumber = ResidentIDRecognizer(clock: clock)
        var phrases = entries.map { (text: $0.text, meaning: PhraseIndex.Meaning.entity($0.type)) }
        phrases += ContextVocabulary.all.map { (text: $0.word, meaning: PhraseIndex.Meaning.context($0.kind)) }
        for category in keywords {
            phrases += category.words.map { (text: $0, meaning: PhraseIndex.Meaning.keyword(category: category.name, level: category.level)) }
        }
        self.phrases = PhraseIndex(phrases)
        self.custom = custom
        self.levels = levels
        // Dictionary types first: they are the most frequent in texts that have them.
        var types: [EntityType] = []
        for type in entries.map(\.type) + custom.map(\.type) + EntityType.builtIn where !types.contains(type) { types.append(type) }
        typeLevels = TypeLevels(levels, knowing: types)
    }

    /// A keyword found, before its offsets are converted. (Nominal types rather than tuples
    /// here: a tuple array's type metadata is looked up at run time on every scan.)
    private struct FoundKeyword {
        var category: String
        var level: DataLevel
        var range: Range<Int>
    }

    /// Where an authentication context word of a group ends.
    private struct AuthenticationWord {
        var group: Int
        var end: Int
    }

    /// A hit before overlaps are resolved, addressed in bytes.
    private struct Hit {
        var type: EntityType
        var range: Range<Int>
        var confidence: Double
    }

    /// Scans `text`.
    public func scan(_ text: String) -> ScanResult {
        scan(ScanText(text), text: text)
    }

    /// Scans the UTF-8 text `utf8` (which must be valid UTF-8); offsets are as for a string of it.
    public func scan(utf8: [UInt8]) -> ScanResult {
        scan(ScanText(bytes: utf8), text: nil)
    }

    /// Scans `scanText`, whose string `text` custom recognizers read (made from its bytes when nil).
    private func scan(_ prepared: ScanText, text: String?) -> ScanResult {
        var scanText = prepared
        // One automaton pass first: dictionary entries, keywords and every context word.
        var hits: [Hit] = []
        hits.reserveCapacity(16 + scanText.bytes.count / 256)
        var keywordHits: [FoundKeyword] = []
        var authenticationWords: [AuthenticationWord] = []
        var context = ContextIndex()
        phrases.forEachHit(in: scanText) { hit in
            switch hit.meaning {
            case .entity(let type):
                hits.append(Hit(type: type, range: hit.range, confidence: 0.9))
            case .keyword(let category, let level):
                keywordHits.append(FoundKeyword(category: category, level: level, range: hit.range))
            case .context(let kind):
                context.add(kind, end: hit.range.upperBound)
                if case .authentication(let group) = kind { authenticationWords.append(AuthenticationWord(group: group, end: hit.range.upperBound)) }
            }
        }
        scanText.context = context
        runHits(in: scanText, into: &hits)
        for word in authenticationWords {
            if let (type, span) = authentication.recognize(afterWordOf: word.group, endingAt: word.end, in: scanText) {
                hits.append(Hit(type: type, range: span.byteStart..<span.byteEnd, confidence: span.confidence))
            }
        }
        for at in scanText.atSigns {
            if let span = email.recognize(at: at, in: scanText) {
                hits.append(Hit(type: email.type, range: span.byteStart..<span.byteEnd, confidence: span.confidence))
            }
        }
        let customText = custom.isEmpty ? "" : (text ?? String(decoding: scanText.bytes, as: UTF8.self))
        for recognizer in custom {
            for span in recognizer.spans(in: customText, scanText: scanText) {
                hits.append(Hit(type: recognizer.type, range: span.byteStart..<span.byteEnd, confidence: span.confidence))
            }
        }
        Self.resolveOverlaps(&hits)
        var offsets = ScalarOffsets(scanText.bytes)
        var level = DataLevel.public1
        let entities = hits.map { hit -> DetectedEntity in
            level = max(level, typeLevels.level(of: hit.type))
            return DetectedEntity(
                type: hit.type, start: offsets.scalarOffset(ofByte: hit.range.lowerBound), end: offsets.scalarOffset(ofByte: hit.range.upperBound),
                text: scanText.string(hit.range), confidence: (hit.confidence * 100).rounded() / 100, utf8Range: hit.range)
        }
        var keywordOffsets = ScalarOffsets(scanText.bytes)
        let keywords = keywordHits.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { hit -> KeywordHit in
            level = max(level, hit.level)
            return KeywordHit(
                category: hit.category, level: hit.level, start: keywordOffsets.scalarOffset(ofByte: hit.range.lowerBound),
                end: keywordOffsets.scalarOffset(ofByte: hit.range.upperBound), text: scanText.string(hit.range))
        }
        return ScanResult(entities: entities, keywords: keywords, level: level)
    }

    /// Offers every run that holds a digit, and every chain of joined runs (longest first), to
    /// the run recognizers, and adds their hits to `hits`.
    private func runHits(in text: ScanText, into hits: inout [Hit]) {
        let runs = text.runs
        var first = 0
        while first < runs.count {
            guard runs[first].digitCount > 0 else {
                first += 1
                continue
            }
            var chainEnd = first
            while chainEnd + 1 < runs.count, runs[chainEnd].joiner != 0, chainEnd - first + 1 < IBANRecognizer.maximumGroups { chainEnd += 1 }
            // Most runs are short numbers (prices, dates, quantities) that no recognizer takes:
            // only an IP address starts with 1–5 characters, and only next to '.' or ':'.
            if chainEnd == first, runs[first].length <= 5, !Self.mayStartIPAddress(runs[first], in: text) {
                first += 1
                continue
            }
            var found: Hit?
            for last in stride(from: chainEnd, through: first, by: -1) {
                // Values written in groups (cards, phones, IBANs) have at least 11 characters.
                if last > first, runs[last].foldedEnd - runs[first].foldedStart < 11 { continue }
                var allDigits = true
                for index in first...last where !runs[index].isAllDigits {
                    allDigits = false
                    break
                }
                let candidate = RunCandidate(
                    firstRun: first, lastRun: last, characters: text.characters(runs: first, through: last), byteStart: runs[first].byteStart,
                    byteEnd: runs[last].byteEnd, isAllDigits: allDigits)
                if let hit = firstAccepted(candidate, in: text) {
                    found = hit
                    break
                }
            }
            if let found {
                hits.append(found)
                while first < runs.count, runs[first].byteStart < found.range.upperBound { first += 1 }
            } else {
                first += 1
            }
        }
    }

    private static func mayStartIPAddress(_ run: ScanText.Run, in text: ScanText) -> Bool {
        text.bytes.withUnsafeBufferPointer { ScanText.mayBeInIPAddress($0, runStart: run.byteStart, runEnd: run.byteEnd) }
    }

    /// The first recognizer, in priority order, whose hit on `candidate` survives its context.
    private func firstAccepted(_ candidate: RunCandidate, in text: ScanText) -> Hit? {
        let length = candidate.characters.count
        let runs = candidate.runCount
        func accept<Recognizer: RunRecognizer>(_ recognizer: Recognizer) -> Hit? {
            guard let span = recognizer.recognize(candidate, in: text) else { return nil }
            let confidence = adjustedConfidence(span, type: recognizer.type, yieldsToNegativeContext: recognizer.yieldsToNegativeContext, in: text)
            return confidence >= Self.reportingThreshold ? Hit(type: recognizer.type, range: span.byteStart..<span.byteEnd, confidence: confidence) : nil
        }
        if runs == 1, length == 18 || length == 15, let hit = accept(identityNumber) { return hit }
        if runs == 1, length == 18, let hit = accept(creditCode) { return hit }
        if length >= 15, !candidate.isAllDigits, let hit = accept(iban) { return hit }
        guard runs <= BankCardRecognizer.maximumGroups else { return nil }
        if runs == 1, length >= 6, length <= 20,
           let hit = accept(securitiesAccount) { return hit }
        if candidate.isAllDigits, length >= 13, length <= 19, let hit = accept(bankCard) { return hit }
        if candidate.isAllDigits, length == 11 || length == 13 || length == 15,
           let hit = accept(mobile) { return hit }
        if runs == 1, length == 9, let hit = accept(passport) { return hit }
        if runs == 1, length <= 4, let hit = accept(ipAddress) { return hit }
        return nil
    }

    private func adjustedConfidence(_ span: RecognizedSpan, type: EntityType, yieldsToNegativeContext: Bool, in text: ScanText) -> Double {
        var confidence = span.confidence
        if yieldsToNegativeContext, text.hasContext(.negative, within: Self.contextReach, before: span.byteStart) { confidence -= 0.5 }
        if text.hasContext(.positive(type), within: Self.contextReach, before: span.byteStart) { confidence = min(1, confidence + 0.1) }
        return confidence
    }

    /// Sorts `hits` by start and drops overlaps in place: of two overlapping hits the longer is
    /// kept (the more confident when equally long).
    private static func resolveOverlaps(_ hits: inout [Hit]) {
        hits.sort {
            if $0.range.lowerBound != $1.range.lowerBound { return $0.range.lowerBound < $1.range.lowerBound }
            return $0.range.count > $1.range.count
        }
        var kept = 0
        for index in hits.indices {
            let hit = hits[index]
            guard kept > 0, hits[kept - 1].range.overlaps(hit.range) else {
                hits[kept] = hit
                kept += 1
                continue
            }
            let last = hits[kept - 1]
            if hit.range.count > last.range.count || (hit.range.count == last.range.count && hit.confidence > last.confidence) {
                hits[kept - 1] = hit
            }
        }
        hits.removeLast(hits.count - kept)
    }
}

/// The levels of the entity types a scanner reports, worked out when the scanner is made, so
/// that a scan compares a few names instead of hashing each entity's type (and allocates
/// nothing for it).
private struct TypeLevels: Sendable {
    private struct Entry: Sendable {
        var type: EntityType
        var level: DataLevel
    }

    private let levels: LevelMap
    private let known: [Entry]

    init(_ levels: LevelMap, knowing types: [EntityType]) {
        self.levels = levels
        known = types.map { Entry(type: $0, level: levels.level(of: $0)) }
    }

    func level(of type: EntityType) -> DataLevel {
        known.first(where: { $0.type == type })?.level ?? levels.level(of: type)
    }
}

/// Turns increasing byte offsets into Unicode scalar offsets in one forward sweep.
struct ScalarOffsets {
    private let bytes: [UInt8]
    private var byte = 0
    private var scalar = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The scalar offset of `target` (a scalar boundary); restarts from 0 if asked to go back.
    mutating func scalarOffset(ofByte target: Int) -> Int {
        if target < byte {
            byte = 0
            scalar = 0
        }
        // Every byte that is not a UTF-8 continuation byte (10xxxxxx) starts a scalar; count
        // the continuation bytes eight at a time.
        var continuations = 0
        bytes.withUnsafeBytes { raw in
            var index = byte
            while index + 32 <= target {
                // Four words at a time, so that the loads and bit counts overlap.
                var marked = 0
                for lane in 0..<4 {
                    let word = raw.loadUnaligned(fromByteOffset: index + lane * 8, as: UInt64.self)
                    marked &+= (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                }
                continuations += marked
                index += 32
            }
            while index + 8 <= target {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let marked = word & ~(word << 1) & 0x8080_8080_8080_8080
                continuations += marked.nonzeroBitCount
                index += 8
            }
            while index < target {
                if raw[index] & 0xC0 == 0x80 { continuations += 1 }
                index += 1
            }
        }
        scalar += target - byte - continuations
        byte = target
        return scalar
    }
}
