import NIOCore
import Testing
@testable import Wire

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    @Test("events split at every possible byte boundary come out the same")
    func anySplit() throws {
        let stream = Array("event: delta\ndata: {\"a\":\"你好\"}\r\n\r\n: comment\ndata: line1\ndata: line2\r\rdata: [DONE]\n\n".utf8)
        let expected = [
            ServerSentEvent(event: "delta", data: Array("{\"a\":\"你好\"}".utf8)),
            ServerSentEvent(data: Array("line1\nline2".utf8)),
            ServerSentEvent(data: Array("[DONE]".utf8)),
        ]
        for split in 0...stream.count {
            var parser = ServerSentEventParser()
            var events = try parser.feed(Array(stream[..<split]))
            events += try parser.feed(Array(stream[split...]))
            #expect(events == expected, "split at \(split)")
        }
    }

    @Test("a line break is found wherever it falls in a word of eight bytes, for each kind of break")
    func breaksAtEveryAlignment() throws {
        for lineBreak in ["\n", "\r\n", "\r"] {
            var stream = ""
            var expected: [ServerSentEvent] = []
            for length in 0..<19 {
                let value = String(repeating: "字", count: length % 3) + String(repeating: "x", count: length)
                stream += "data: " + value + lineBreak + lineBreak
                expected.append(ServerSentEvent(data: Array(value.utf8)))
            }
            let bytes = Array(stream.utf8)
            for split in stride(from: 0, through: bytes.count, by: 7) {
                var parser = ServerSentEventParser()
                var events = try parser.feed(Array(bytes[..<split]))
                events += try parser.feed(Array(bytes[split...]))
                #expect(events == expected, "break \(lineBreak.debugDescription), split at \(split)")
            }
        }
    }

    @Test("byte-at-a-time feeding works and an unterminated event is not emitted")
    func byteAtATime() throws {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in Array("data: 1\n\ndata: 2\n\ndata: 3".utf8) {
            events += try parser.feed([byte])
        }
        #expect(events.map { String(decoding: $0.data, as: UTF8.self) } == ["1", "2"])
    }

    @Test("an event larger than the limit is an error, not unbounded memory")
    func bounded() {
        var parser = ServerSentEventParser(maximumEventBytes: 64)
        #expect(throws: ServerSentEventParserError.self) {
            _ = try parser.feed(Array(("data: " + String(repeating: "x", count: 100)).utf8))
        }
    }

    @Test("encoding splits multi-line data into data lines")
    func encoding() {
        let event = ServerSentEvent(event: "e", data: Array("a\nb".utf8))
        #expect(String(decoding: event.encoded, as: UTF8.self) == "event: e\ndata: a\ndata: b\n\n")
    }

    @Test("writing into a byte buffer gives the same bytes as the encoded form", arguments: ["", "a", "a\nb", "\n", "a\n", "\n\na\n\n", #"{"content":"贵州茅台"}"#])
    func writingMatchesEncoding(data: String) {
        for event in [ServerSentEvent(data: Array(data.utf8)), ServerSentEvent(event: "delta", data: Array(data.utf8))] {
            var buffer = ByteBuffer()
            event.write(to: &buffer)
            #expect(Array(buffer.readableBytesView) == event.encoded)
        }
    }
}
