import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import Server

/// A held stream reaches the socket in as few writes as its parts allow, and nothing it wrote is
/// lost or changed; a response that did not ask is flushed as it is written.
@Suite("Stream write coalescer")
struct StreamWriteCoalescerTests {
    /// The parts that reached the channel's transport since the last call, one array per flush.
    final class Wire {
        let channel = EmbeddedChannel(handler: StreamWriteCoalescer())

        /// Writes `part` and flushes, as Hummingbird does after each write.
        func send(_ parts: HTTPResponsePart...) throws {
            for part in parts { channel.write(part, promise: nil) }
            channel.flush()
        }

        /// What has been flushed so far, in order.
        func flushed() throws -> [HTTPResponsePart] {
            var parts: [HTTPResponsePart] = []
            while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
            return parts
        }
    }

    static func head(held: Bool) -> HTTPResponse {
        var fields: HTTPFields = [.contentType: "text/event-stream"]
        if held { fields[StreamWriteCoalescer.holdHeadField] = "1" }
        return HTTPResponse(status: .ok, headerFields: fields)
    }

    static let first = ByteBuffer(string: "data: {\"choices\":[{\"delta\":{\"content\":\"你好\"}}]}\n\n")
    static let last = ByteBuffer(string: "data: [DONE]\n\n")

    @Test("a held head waits for the first events; the last events wait for the end")
    func heldStream() throws {
        let wire = Wire()
        try wire.send(.head(Self.head(held: true)))
        #expect(try wire.flushed().isEmpty, "the head waits")
        try wire.send(.body(Self.first))
        let opening = try wire.flushed()
        #expect(opening.count == 2)
        guard case .head(let head) = opening.first, case .body(let body) = opening.last else {
            Issue.record("expected the head and the first events, got \(opening)")
            return
        }
        #expect(head.headerFields[StreamWriteCoalescer.holdHeadField] == nil, "the request to hold is not sent")
        #expect(head.headerFields[.contentType] == "text/event-stream")
        #expect(body == Self.first)

        try wire.send(.body(Self.last), .body(StreamWriteCoalescer.lastPartFollows))
        #expect(try wire.flushed().isEmpty, "the last events wait for the end")
        try wire.send(.end(nil))
        let closing = try wire.flushed()
        #expect(closing == [.body(Self.last), .end(nil)], "the empty part that announced the end is not passed on")
        _ = try wire.channel.finish()
    }

    @Test("a stream that is whole at once leaves in one flush, and the next response is not held")
    func wholeStreamThenPlainResponse() throws {
        let wire = Wire()
        try wire.send(.head(Self.head(held: true)))
        try wire.send(.body(Self.last), .body(StreamWriteCoalescer.lastPartFollows))
        #expect(try wire.flushed().isEmpty)
        try wire.send(.end(nil))
        #expect(try wire.flushed().count == 3)

        try wire.send(.head(Self.head(held: false)))
        #expect(try wire.flushed().count == 1, "a head that did not ask is flushed at once")
        try wire.send(.body(ByteBuffer()))
        #expect(try wire.flushed() == [.body(ByteBuffer())], "an empty part of a response that did not ask is passed on")
        try wire.send(.end(nil))
        #expect(try wire.flushed() == [.end(nil)])
        _ = try wire.channel.finish()
    }

    @Test("closing the connection sends what was held")
    func closeFlushes() throws {
        let wire = Wire()
        try wire.send(.head(Self.head(held: true)))
        #expect(try wire.flushed().isEmpty)
        try wire.channel.close().wait()
        #expect(try wire.flushed().count == 1, "the held head went out before the close")
    }
}
