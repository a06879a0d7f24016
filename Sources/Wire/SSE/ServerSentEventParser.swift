/// An event stream that cannot be parsed within the configured bounds.
public struct ServerSentEventParserError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The largest event, in bytes, that the parser was allowed to buffer.
    public let maximumEventBytes: Int

    public var description: String {
        "an event in the stream exceeded \(maximumEventBytes) bytes"
    }
}

/// Incrementally splits a `text/event-stream` byte stream into events.
///
/// Feed bytes as they arrive, in chunks of any size; complete events come out as soon as
/// their terminating blank line has been read. Lines end with LF, CRLF or a lone CR (a CR at
/// the end of one chunk followed by LF at the start of the next is one line break). Lines
/// starting with `:` are comments and are ignored; `id:` and `retry:` are accepted and
/// ignored. An incomplete event at the end of the stream is discarded, as the standard says.
///
/// Memory is bounded: an event (its pending line plus accumulated data) larger than
/// `maximumEventBytes` is an error, so a hostile upstream cannot make the gateway buffer
/// without limit.
///
/// ```swift
/// var parser = ServerSentEventParser(maximumEventBytes: 1 << 20)
/// for try await chunk in body {
///     for event in try chunk.withUnsafeReadableBytes({ try parser.feed($0) }) { … }
/// }
/// ```
public struct ServerSentEventParser: Sendable {
    private let maximumEventBytes: Int
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var skipLeadingLineFeed = false

    /// Creates a parser that buffers at most `maximumEventBytes` for one event.
    public init(maximumEventBytes: Int = 4 << 20) {
        self.maximumEventBytes = maximumEventBytes
    }

    /// Consumes `bytes` and returns the events they complete, in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(ServerSentEventParserError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var index = 0
        let count = bytes.count
        if skipLeadingLineFeed, count > 0 {
            skipLeadingLineFeed = false
            if bytes[0] == UInt8(ascii: "\n") { index = 1 }
        }
        while index < count {
            let lineEnd = Self.lineEnd(in: bytes, from: index)
            guard lineEnd < count else { break }
            let event: ServerSentEvent?
            if line.isEmpty {
                // The whole line is in this chunk: read it where it is.
                event = try endOfLine(UnsafeRawBufferPointer(rebasing: bytes[index..<lineEnd]))
            } else {
                line.append(contentsOf: bytes[index..<lineEnd])
                let pending = line
                event = try pending.withBytes { pending throws(ServerSentEventParserError) in try endOfLine(pending) }
                line.removeAll(keepingCapacity: true)
            }
            if let event { events.append(event) }
            index = lineEnd + 1
            if bytes[lineEnd] == UInt8(ascii: "\r") {
                if index < count {
                    if bytes[index] == UInt8(ascii: "\n") { index += 1 }
                } else {
                    skipLeadingLineFeed = true
                }
            }
        }
        if index < count {
            line.append(contentsOf: bytes[index..<count])
            if line.count + data.count > maximumEventBytes {
                throw ServerSentEventParserError(maximumEventBytes: maximumEventBytes)
            }
        }
        return events
    }

    /// The offset of the first CR or LF at or after `start`, or the end of `bytes`: eight bytes
    /// at a time while a word holds neither.
    private static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while bytes.count - index >= 8 {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if ByteWords.contains(UInt8(ascii: "\n"), in: word) || ByteWords.contains(UInt8(ascii: "\r"), in: word) { break }
            index += 8
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") {
            index += 1
        }
        return index
    }

    /// Convenience for byte arrays.
    public mutating func feed(_ bytes: [UInt8]) throws(ServerSentEventParserError) -> [ServerSentEvent] {
        try bytes.withBytes { raw throws(ServerSentEventParserError) in try feed(raw) }
    }

    /// Takes one complete line (without its line break); returns the event a blank line ends.
    private mutating func endOfLine(_ line: UnsafeRawBufferPointer) throws(ServerSentEventParserError) -> ServerSentEvent? {
        if line.isEmpty {
            guard hasData else {
                eventName = nil
                return nil
            }
            let event = ServerSentEvent(event: eventName, data: data)
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventName = nil
            return event
        }
        if line[0] == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        var valueStart = colon < line.count ? colon + 1 : line.count
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let field = UnsafeRawBufferPointer(rebasing: line[0..<colon])
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
            hasData = true
            if data.count > maximumEventBytes {
                throw ServerSentEventParserError(maximumEventBytes: maximumEventBytes)
            }
        } else if field.elementsEqual("event".utf8) {
            eventName = String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}
