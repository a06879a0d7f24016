import Wire

/// The canonical JSON of an ``AuditRecord``: keys in sorted order, no insignificant whitespace,
/// absent optionals omitted, strings escaped minimally (UTF-8 kept as is). Written by hand
/// because the record is encoded once per exchange on the audit writer's hot path.
enum CanonicalJSON {
    static func encode(_ record: AuditRecord) -> String {
        var writer = Writer()
        writer.output.reserveCapacity(512)
        writer.object {
            $0.array("attempts", record.attempts) { writer, attempt in
                writer.object {
                    $0.string("backend", attempt.backend)
                    $0.string("outcome", attempt.outcome)
                    $0.integer("us", attempt.micros)
                }
            }
            $0.string("backend", record.backend)
            $0.string("change", record.change)
            if let content = record.content {
                $0.member("content") {
                    $0.object {
                        $0.string("algorithm", content.algorithm)
                        $0.string("sealed", content.sealed)
                    }
                }
            }
            $0.string("content_masked", record.maskedContent)
            $0.integer("done_at", record.doneAt)
            $0.string("end_user", record.endUser)
            $0.string("error_code", record.errorCode)
            $0.integer("first_byte_at", record.firstByteAt)
            $0.integer("gateway_us", record.gatewayMicros)
            $0.string("id", record.id)
            $0.string("key_id", record.keyID)
            $0.string("model", record.model)
            $0.string("operation", record.operation)
            $0.string("priority", record.priority)
            if let privacy = record.privacy {
                $0.member("privacy") { writer in writer.object { privacyMembers(privacy, &$0) } }
            }
            if let quality = record.quality {
                $0.member("quality") { writer in
                    writer.object {
                        $0.integer("figures", Int64(quality.figures))
                        $0.integer("retries", Int64(quality.retries))
                        $0.array("rules", quality.rules) { writer, rule in writer.stringValue(rule) }
                        $0.integer("unsupported", Int64(quality.unsupported))
                        $0.string("verdict", quality.verdict)
                    }
                }
            }
            $0.integer("received_at", record.receivedAt)
            $0.string("request_id", record.requestID)
            $0.string("scenario", record.scenario)
            $0.integer("schema_version", Int64(record.schemaVersion))
            $0.integer("status", Int64(record.status))
            $0.integer("steps", record.steps.map(Int64.init))
            $0.boolean("stream", record.stream)
            $0.string("tenant", record.tenant)
            $0.integer("tokens_in", record.tokensIn.map(Int64.init))
            $0.integer("tokens_out", record.tokensOut.map(Int64.init))
            if let tools = record.tools {
                $0.array("tools", tools) { writer, call in
                    writer.object {
                        $0.string("approval", call.approval)
                        $0.string("arguments_sha256", call.argumentsSHA256)
                        $0.string("effect", call.effect)
                        $0.string("id", call.id)
                        $0.string("name", call.name)
                        $0.string("outcome", call.outcome)
                        $0.string("result_sha256", call.resultSHA256)
                        $0.integer("step", Int64(call.step))
                        $0.integer("us", call.micros)
                    }
                }
            }
            $0.integer("upstream_us", record.upstreamMicros)
            $0.string("zone", record.zone)
        }
        return String(decoding: writer.output, as: UTF8.self)
    }

    private static func privacyMembers(_ privacy: AuditPrivacy, _ writer: inout Writer) {
        writer.member("entities") {
            $0.object {
                for (type, count) in privacy.entities.sorted(by: { $0.key < $1.key }) { $0.integer(named: type, Int64(count)) }
            }
        }
        writer.integer("invented", Int64(privacy.invented))
        writer.array("keywords", privacy.keywords) { $0.stringValue($1) }
        writer.integer("level", Int64(privacy.level))
        if let raised = privacy.levelFromUninspectable { writer.boolean("level_from_uninspectable", raised) }
        writer.boolean("masked", privacy.masked)
        writer.integer("pseudonyms", Int64(privacy.pseudonyms))
        writer.integer("restored", Int64(privacy.restored))
        writer.string("rule", privacy.rule)
        if let uninspectable = privacy.uninspectable { writer.array("uninspectable", uninspectable) { $0.stringValue($1) } }
        if let unmaskable = privacy.unmaskable { writer.array("unmaskable", unmaskable) { $0.stringValue($1) } }
        writer.array("zones", privacy.zones) { $0.stringValue($1) }
    }

    /// Writes JSON into one growing buffer: members in the order called, each object's and
    /// array's separators kept by the writer. Member names are static and need no escaping.
    struct Writer {
        var output: [UInt8] = []
        private var first = true

        /// Writes an object whose members `body` writes.
        mutating func object(_ body: (inout Writer) -> Void) {
            output.append(UInt8(ascii: "{"))
            first = true
            body(&self)
            output.append(UInt8(ascii: "}"))
            first = false
        }

        /// Writes a member whose value `value` writes.
        mutating func member(_ name: StaticString, _ value: (inout Writer) -> Void) {
            key(name)
            value(&self)
        }

        mutating func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONStringLiteral.append(value, to: &output)
        }

        mutating func integer(_ name: StaticString, _ value: Int64?) {
            guard let value else { return }
            key(name)
            appendDecimal(value)
        }

        /// An integer member whose name is not static (escaped like any string).
        mutating func integer(named name: String, _ value: Int64) {
            separate()
            JSONStringLiteral.append(name, to: &output)
            output.append(UInt8(ascii: ":"))
            appendDecimal(value)
        }

        mutating func boolean(_ name: StaticString, _ value: Bool?) {
            guard let value else { return }
            key(name)
            output.append(contentsOf: value ? Self.trueLiteral : Self.falseLiteral)
        }

        /// Writes an array member whose elements `element` writes, one call each.
        mutating func array<Element>(_ name: StaticString, _ elements: [Element], _ element: (inout Writer, Element) -> Void) {
            key(name)
            output.append(UInt8(ascii: "["))
            for (index, value) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element(&self, value)
            }
            output.append(UInt8(ascii: "]"))
            first = false
        }

        /// Writes a string as an array element.
        mutating func stringValue(_ value: String) {
            JSONStringLiteral.append(value, to: &output)
        }

        private static let quoteColon = Array("\":".utf8)
        private static let trueLiteral = Array("true".utf8)
        private static let falseLiteral = Array("false".utf8)

        private mutating func separate() {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
        }

        private mutating func key(_ name: StaticString) {
            separate()
            output.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { output.append(contentsOf: $0) }
            output.append(contentsOf: Self.quoteColon)
        }

        /// Appends `value` in decimal, without an intermediate string.
        private mutating func appendDecimal(_ value: Int64) {
            // 20 digits and a sign hold any Int64; digits are made from the right.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var magnitude = value.magnitude
                var start = 20
                repeat {
                    start -= 1
                    digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                if value < 0 { output.append(UInt8(ascii: "-")) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
            }
        }
    }
}
