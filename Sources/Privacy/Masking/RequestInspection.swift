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
            let text = Array(scanned.field.text.utf8)
            var output: [UInt8] = []
            output.reserveCapacity(text.count + 16 * scanned.result.entities.count)
            var position = 0
            for entity in scanned.result.entities {
                output += text[position..<entity.utf8Range.lowerBound]
                let pseudonym = vault.pseudonym(for: entity.text, type: entity.type)
                if scanned.field.isToolArguments, !Self.isInsideJSONString(text, at: entity.utf8Range.lowerBound) {
                    output += Array("\"\(pseudonym)\"".utf8)
                } else {
                    output += Array(pseudonym.utf8)
                }
                position = entity.utf8Range.upperBound
            }
            output += text[position...]
            splicer.replace(scanned.field.literalRange, with: JSONStringLiteral.bytes(String(decoding: output, as: UTF8.self)))
        }
        return splicer.apply(to: body)
    }

    /// Whether byte `offset` of the JSON text `bytes` falls inside a string literal.
    static func isInsideJSONString(_ bytes: [UInt8], at offset: Int) -> Bool {
        var inside = false
        var escaped = false
        for byte in bytes[..<offset] {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = inside
            } else if byte == UInt8(ascii: "\"") {
                inside.toggle()
            }
        }
        return inside
    }
}
