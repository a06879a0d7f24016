import Wire

/// Restores pseudonyms in an OpenAI chat completion event stream as it passes, chunk by chunk.
///
/// Each choice's `delta.content`, and each tool call's `function.arguments`, is restored by its
/// own ``StreamingFieldRestorer``, so a pseudonym split across events is still found. Text held
/// back is sent as soon as it cannot be a pseudonym, and at the latest in an extra chunk just
/// before the chunk that carries the choice's `finish_reason` (or before `[DONE]`).
public struct StreamRestoration: Sendable {
    private struct FieldKey: Hashable {
        var choice: Int
        var toolCall: Int?
    }

    private var fields: [FieldKey: StreamingFieldRestorer] = [:]
    /// The restorer, with its counts.
    public private(set) var restorer: PseudonymRestorer
    /// The last chunk's JSON, kept as the template for flush chunks.
    private var template: [UInt8]?

    /// Restores with the pseudonyms in `vault`.
    public init(vault: PseudonymVault) {
        restorer = PseudonymRestorer(vault: vault)
    }

    /// Restores one event of the stream (an OpenAI chunk, or `[DONE]`), appending to `output`
    /// the events to pass on: any held text flushed first, then the event with its text restored.
    public mutating func restore(_ event: ServerSentEvent, into output: inout [ServerSentEvent]) {
        if event.isDoneSentinel {
            flushAll(into: &output)
            output.append(event)
            return
        }
        var event = event
        restore(&event, into: &output)
    }

    /// Whatever is still held back, as extra chunks; call at the end of a stream that had no `[DONE]`.
    public mutating func finish(into output: inout [ServerSentEvent]) {
        flushAll(into: &output)
    }

    private mutating func restore(_ event: inout ServerSentEvent, into output: inout [ServerSentEvent]) {
        let data = event.data
        let rewritten: [UInt8]? = data.withUnsafeBytes { body -> [UInt8]? in
            do throws(JSONSyntaxError) {
                let root = try JSONObjectScanner.scanDocument(body)
                guard let choices = root.member("choices"), choices.kind == .array else { return nil }
                var splicer = JSONSplicer()
                for (range, kind) in try JSONObjectScanner.scanArray(body, in: choices.valueRange) where kind == .object {
                    let choice = try JSONObjectScanner.scanObject(body, in: range)
                    let index = choice.member("index").flatMap { JSONObjectScanner.decodeInteger(body, at: $0.valueRange) } ?? 0
                    let finishing = choice.member("finish_reason")?.kind == .string
                    var present: Set<FieldKey> = []
                    if let delta = choice.member("delta"), delta.kind == .object {
                        for located in try TextLiterals.located(body, range: delta.valueRange) {
                            let text = try JSONObjectScanner.decodeString(body, at: located.range)
                            let key = FieldKey(choice: index, toolCall: located.toolCall)
                            present.insert(key)
                            var field = fields[key] ?? StreamingFieldRestorer()
                            var ready = field.feed(text, using: &restorer)
                            if finishing { ready += field.flush(using: &restorer) }
                            fields[key] = field
                            if ready != text { splicer.replace(located.range, with: JSONStringLiteral.bytes(ready)) }
                        }
                    }
                    if finishing {
                        template = data
                        flush(choice: index, except: present, into: &output)
                    }
                }
                template = data
                return splicer.isEmpty ? nil : splicer.apply(to: body)
            } catch {
                return nil
            }
        }
        if let rewritten { event.data = rewritten }
        output.append(event)
    }

    /// Extra chunks carrying whatever is held for `choice`.
    private mutating func flush(choice: Int, except present: Set<FieldKey> = [], into output: inout [ServerSentEvent]) {
        for key in fields.keys.sorted(by: { ($0.choice, $0.toolCall ?? -1) < ($1.choice, $1.toolCall ?? -1) })
        where key.choice == choice && !present.contains(key) {
            guard var field = fields[key], field.isHolding else { continue }
            let text = field.flush(using: &restorer)
            fields[key] = field
            output.append(flushChunk(key: key, text: text))
        }
    }

    private mutating func flushAll(into output: inout [ServerSentEvent]) {
        for choice in Set(fields.keys.map(\.choice)).sorted() { flush(choice: choice, into: &output) }
    }

    /// A chunk like the last one seen, whose only choice carries `text` for `key`.
    private func flushChunk(key: FieldKey, text: String) -> ServerSentEvent {
        var delta = "{\"content\":"
        if let toolCall = key.toolCall {
            delta = "{\"tool_calls\":[{\"index\":\(toolCall),\"function\":{\"arguments\":"
        }
        var choices = Array("[{\"index\":\(key.choice),\"delta\":\(delta)".utf8)
        JSONStringLiteral.append(text, to: &choices)
        choices += Array((key.toolCall == nil ? "},\"finish_reason\":null}]" : "}}]},\"finish_reason\":null}]").utf8)
        guard let template else {
            return ServerSentEvent(data: Array("{\"object\":\"chat.completion.chunk\",\"choices\":".utf8) + choices + [UInt8(ascii: "}")])
        }
        let data: [UInt8] = template.withUnsafeBytes { body in
            guard let root = try? JSONObjectScanner.scanDocument(body), let member = root.member("choices") else { return template }
            var splicer = JSONSplicer()
            splicer.replace(member.valueRange, with: choices)
            if let usage = root.member("usage") { splicer.replace(usage.valueRange, with: Array("null".utf8)) }
            return splicer.apply(to: body)
        }
        return ServerSentEvent(data: data)
    }
}
