/// One event of a `text/event-stream`, as defined by the WHATWG HTML standard.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field, or nil when the event had none (the default "message" type).
    public var event: String?
    /// The `data:` lines joined with `\n`, as raw UTF-8 bytes.
    public var data: [UInt8]

    /// Creates an event.
    public init(event: String? = nil, data: [UInt8]) {
        self.event = event
        self.data = data
    }

    /// True for OpenAI's end-of-stream sentinel `data: [DONE]`.
    public var isDoneSentinel: Bool {
        data.elementsEqual("[DONE]".utf8)
    }

    /// The event encoded for the wire: optional `event:` line, one `data:` line per line of
    /// data, and the blank line that ends it.
    public var encoded: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count + 16)
        if let event {
            output.append(contentsOf: "event: ".utf8)
            output.append(contentsOf: event.utf8)
            output.append(UInt8(ascii: "\n"))
        }
        var lineStart = 0
        for index in data.indices where data[index] == UInt8(ascii: "\n") {
            output.append(contentsOf: "data: ".utf8)
            output.append(contentsOf: data[lineStart..<index])
            output.append(UInt8(ascii: "\n"))
            lineStart = index + 1
        }
        output.append(contentsOf: "data: ".utf8)
        output.append(contentsOf: data[lineStart...])
        output.append(contentsOf: "\n\n".utf8)
        return output
    }
}
