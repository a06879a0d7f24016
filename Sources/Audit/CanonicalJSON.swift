import Wire

/// The canonical JSON of an ``AuditRecord``: keys in sorted order, no insignificant whitespace,
/// absent optionals omitted, strings escaped minimally (UTF-8 kept as is). Written by hand
/// because the record is encoded once per exchange on the audit writer's hot path.
enum CanonicalJSON {
    static func encode(_ record: AuditRecord) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        var writer = ObjectWriter(output: output)
        writer.array("attempts", record.attempts) { attempt, output in
            var inner = ObjectWriter(output: output)
            inner.string("backend", attempt.backend)
            inner.string("outcome", attempt.outcome)
            inner.integer("us", attempt.micros)
            output = inner.finish()
        }
        writer.string("backend", record.backend)
        if let content = record.content {
            writer.object("content") { output in
                var inner = ObjectWriter(output: output)
                inner.string("algorithm", content.algorithm)
                inner.string("sealed", content.sealed)
                output = inner.finish()
            }
        }
        writer.string("content_masked", record.maskedContent)
        writer.integer("done_at", record.doneAt)
        writer.string("end_user", record.endUser)
        writer.string("error_code", record.errorCode)
        writer.integer("first_byte_at", record.firstByteAt)
        writer.integer("gateway_us", record.gatewayMicros)
        writer.string("id", record.id)
        writer.string("key_id", record.keyID)
        writer.string("model", record.model)
        writer.string("operation", record.operation)
        if let privacy = record.privacy {
            writer.object("privacy") { output in
                var inner = ObjectWriter(output: output)
                inner.object("entities") { output in
                    var counts = ObjectWriter(output: output)
                    for (type, count) in privacy.entities.sorted(by: { $0.key < $1.key }) { counts.integer(type, Int64(count)) }
                    output = counts.finish()
                }
                inner.integer("invented", Int64(privacy.invented))
                inner.array("keywords", privacy.keywords) { keyword, output in JSONStringLiteral.append(keyword, to: &output) }
                inner.integer("level", Int64(privacy.level))
                inner.raw("masked", privacy.masked ? "true" : "false")
                inner.integer("pseudonyms", Int64(privacy.pseudonyms))
                inner.integer("restored", Int64(privacy.restored))
                inner.string("rule", privacy.rule)
                inner.array("zones", privacy.zones) { zone, output in JSONStringLiteral.append(zone, to: &output) }
                output = inner.finish()
            }
        }
        writer.integer("received_at", record.receivedAt)
        writer.string("request_id", record.requestID)
        writer.string("scenario", record.scenario)
        writer.integer("schema_version", Int64(record.schemaVersion))
        writer.integer("status", Int64(record.status))
        writer.integer("steps", record.steps.map(Int64.init))
        if let stream = record.stream { writer.raw("stream", stream ? "true" : "false") }
        writer.string("tenant", record.tenant)
        writer.integer("tokens_in", record.tokensIn.map(Int64.init))
        writer.integer("tokens_out", record.tokensOut.map(Int64.init))
        if let tools = record.tools {
            writer.array("tools", tools) { call, output in
                var inner = ObjectWriter(output: output)
                inner.string("approval", call.approval)
                inner.string("arguments_sha256", call.argumentsSHA256)
                inner.string("effect", call.effect)
                inner.string("id", call.id)
                inner.string("name", call.name)
                inner.string("outcome", call.outcome)
                inner.string("result_sha256", call.resultSHA256)
                inner.integer("step", Int64(call.step))
                inner.integer("us", call.micros)
                output = inner.finish()
            }
        }
        writer.integer("upstream_us", record.upstreamMicros)
        writer.string("zone", record.zone)
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    /// Writes the members of one object, in the order called.
    struct ObjectWriter {
        var output: [UInt8]
        private var first = true

        init(output: [UInt8]) {
            self.output = output
            self.output.append(UInt8(ascii: "{"))
        }

        mutating func key(_ name: String) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONStringLiteral.append(name, to: &output)
            output.append(UInt8(ascii: ":"))
        }

        mutating func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONStringLiteral.append(value, to: &output)
        }

        mutating func integer(_ name: String, _ value: Int64?) {
            guard let value else { return }
            key(name)
            output.append(contentsOf: String(value).utf8)
        }

        mutating func raw(_ name: String, _ literal: String) {
            key(name)
            output.append(contentsOf: literal.utf8)
        }

        mutating func object(_ name: String, _ body: (inout [UInt8]) -> Void) {
            key(name)
            body(&output)
        }

        mutating func array<Element>(_ name: String, _ elements: [Element], _ body: (Element, inout [UInt8]) -> Void) {
            key(name)
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                body(element, &output)
            }
            output.append(UInt8(ascii: "]"))
        }

        mutating func finish() -> [UInt8] {
            output.append(UInt8(ascii: "}"))
            return output
        }
    }
}
