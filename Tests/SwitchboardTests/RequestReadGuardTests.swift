import NIOCore
import NIOEmbedded
import Testing
@testable import Server

/// The read guard follows request boundaries on raw bytes however the reads split them.
@Suite("Request read guard")
struct RequestReadGuardTests {
    static let body = #"{"model":"fin-chat"}"#
    static let request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nCONTENT-length:  \(body.utf8.count) \r\n\r\n\(body)"

    /// A channel with the guard; what it wrote back (431 or 408), after `reads` and `seconds`.
    static func written(after reads: [String], maxHeaderBytes: Int = 16_384, seconds: Int64 = 31) throws -> String {
        let channel = EmbeddedChannel(handler: RequestReadGuard(maxHeaderBytes: maxHeaderBytes, readTimeout: .seconds(30)))
        for read in reads { try channel.writeInbound(ByteBuffer(string: read)) }
        channel.embeddedEventLoop.advanceTime(by: .seconds(seconds))
        var output = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { output += String(buffer: buffer) }
        _ = try? channel.finish()
        return output
    }

    @Test("a whole request, split at any byte, is complete: its timer stops")
    func completeAtAnySplit() throws {
        let bytes = Array(Self.request.utf8)
        for split in 1..<bytes.count {
            let reads = [String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self)]
            #expect(try Self.written(after: reads).isEmpty, "split at \(split)")
        }
    }

    @Test("a body one byte short, split at any byte, times out with 408")
    func shortBodyTimesOut() throws {
        let bytes = Array(Self.request.utf8.dropLast())
        for split in stride(from: 1, to: bytes.count, by: 3) {
            let reads = [String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self)]
            #expect(try Self.written(after: reads).hasPrefix("HTTP/1.1 408"), "split at \(split)")
        }
    }

    @Test("a head over the limit gets 431 however it arrives; one at the limit is served", arguments: [1, 7, 64])
    func headLimit(readSize: Int) throws {
        let head = "GET /healthz HTTP/1.1\r\nX-Pad: \(String(repeating: "a", count: 100))\r\n\r\n"
        let limit = head.utf8.count
        func reads(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            return stride(from: 0, to: bytes.count, by: readSize).map { String(decoding: bytes[$0..<min($0 + readSize, bytes.count)], as: UTF8.self) }
        }
        #expect(try Self.written(after: reads(head), maxHeaderBytes: limit, seconds: 1).isEmpty)
        let longer = head.replacingOccurrences(of: "X-Pad: ", with: "X-Pad: b")
        #expect(try Self.written(after: reads(longer), maxHeaderBytes: limit, seconds: 1).hasPrefix("HTTP/1.1 431"))
    }

    @Test("each request on a kept-alive connection gets the whole read_timeout from its own first byte")
    func laterRequestsGetTheirOwnTime() throws {
        let channel = EmbeddedChannel(handler: RequestReadGuard(maxHeaderBytes: 16_384, readTimeout: .seconds(30)))
        func written() throws -> String {
            var output = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { output += String(buffer: buffer) }
            return output
        }
        try channel.writeInbound(ByteBuffer(string: Self.request))
        channel.embeddedEventLoop.advanceTime(by: .seconds(20))
        // The second request begins 20 s in and stops one byte short.
        try channel.writeInbound(ByteBuffer(string: String(Self.request.dropLast())))
        channel.embeddedEventLoop.advanceTime(by: .seconds(15))
        #expect(try written().isEmpty, "35 s after the first request, 15 s into the second: not timed out")
        channel.embeddedEventLoop.advanceTime(by: .seconds(16))
        #expect(try written().hasPrefix("HTTP/1.1 408"), "31 s into the second request")
        _ = try? channel.finish()
    }

    @Test("an idle connection between requests is not timed out by the read guard")
    func idleBetweenRequests() throws {
        let channel = EmbeddedChannel(handler: RequestReadGuard(maxHeaderBytes: 16_384, readTimeout: .seconds(30)))
        for _ in 0..<3 {
            try channel.writeInbound(ByteBuffer(string: Self.request))
            channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        }
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        try channel.writeInbound(ByteBuffer(string: Self.request))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "and its next request is read as usual")
        _ = try? channel.finish()
    }

    @Test("a chunked body is followed to its last chunk")
    func chunked() throws {
        let request = "POST /v1/embeddings HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n"
        #expect(try Self.written(after: [request]).isEmpty)
        #expect(try Self.written(after: [String(request.dropLast(2))]).hasPrefix("HTTP/1.1 408"))
    }
}
