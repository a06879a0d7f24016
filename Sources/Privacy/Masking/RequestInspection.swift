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

    /// Scans every model-visible field of `body` (a valid JSON object).
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
            let text = scanned.field.text
            let scalars = Array(text.unicodeScalars)
            var output = String.UnicodeScalarView()
            var position = 0
            for entity in scanned.result.entities {
                output.append(contentsOf: scalars[position..<entity.start])
                var pseudonym = vault.pseudonym(for: entity.text, type: entity.type)
                if scanned.field.isToolArguments, !Self.isInsideJSONString(scalars, at: entity.start) { pseudonym = "\"\(pseudonym)\"" }
                output.append(contentsOf: pseudonym.unicodeScalars)
                position = entity.end
            }
            output.append(contentsOf: scalars[position...])
            splicer.replace(scanned.field.literalRange, with: JSONStringLiteral.bytes(String(output)))
        }
        return splicer.apply(to: body)
    }

    /// Whether `offset` in the JSON text `scalars` falls inside a string literal.
    static func isInsideJSONString(_ scalars: [Unicode.Scalar], at offset: Int) -> Bool {
        var inside = false
        var escaped = false
        for scalar in scalars[..<offset] {
            if escaped {
                escaped = false
            } else if scalar == "\\" {
                escaped = inside
            } else if scalar == "\"" {
                inside.toggle()
            }
        }
        return inside
    }
}
