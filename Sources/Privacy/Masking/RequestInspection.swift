import Wire

/// What inspection found in one request: the model-visible fields with their hits, and the
/// request's data level.
public struct RequestInspection: Sendable {
    /// One field and what the scanner found in it.
    public struct ScannedField: Sendable {
        /// The field.
        public var field: ModelVisibleText.Field
        /// The scan.
        public var result: ScanResult
    }

    /// Every field that had any hit.
    public private(set) var fields: [ScannedField]
    /// The highest level found (L1 when nothing was found).
    public private(set) var level: DataLevel

    /// Scans every model-visible field of `body` (a JSON object already validated).
    public init(body: UnsafeRawBufferPointer, shape: ModelVisibleText.Shape, scanner: PrivacyScanner) throws(JSONSyntaxError) {
        fields = []
        level = .public1
        for field in try ModelVisibleText.fields(in: body, shape: shape) {
            let result = scanner.scan(field.text)
            level = max(level, result.level)
            if !result.entities.isEmpty || !result.keywords.isEmpty { fields.append(ScannedField(field: field, result: result)) }
        }
    }

    /// How many values of each type were found.
    public var entityCounts: [EntityType: Int] {
        var counts: [EntityType: Int] = [:]
        for field in fields {
            for entity in field.result.entities { counts[entity.type, default: 0] += 1 }
        }
        return counts
    }

    /// Keyword categories found.
    public var keywordCategories: Set<String> {
        Set(fields.flatMap { $0.result.keywords.map(\.category) })
    }

    /// `body` with every value found replaced by its pseudonym from `vault` (issuing new ones as
    /// needed). In tool arguments, a value that is not inside a JSON string becomes a quoted
    /// pseudonym, so the arguments stay valid JSON.
    public func masked(_ body: UnsafeRawBufferPointer, vault: inout PseudonymVault) -> [UInt8] {
        var splicer = JSONSplicer()
        for scanned in fields where !scanned.result.entities.isEmpty {
            let output = PseudonymReplacement.apply(
                scanned.result.entities, to: Array(scanned.field.text.utf8), vault: &vault, quoteOutsideJSONStrings: scanned.field.isToolArguments)
            var literal: [UInt8] = []
            literal.reserveCapacity(output.count + 2)
            output.withUnsafeBufferPointer { JSONStringLiteral.append(utf8: $0, to: &literal) }
            splicer.replace(scanned.field.literalRange, with: literal)
        }
        return splicer.apply(to: body)
    }

}
