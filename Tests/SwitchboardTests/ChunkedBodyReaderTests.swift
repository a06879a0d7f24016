import Testing
@testable import Server

/// Following a chunked request body over raw bytes, however the bytes are split.
@Suite("Chunked body reader")
struct ChunkedBodyReaderTests {
    static let body = Array("4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n".utf8)

    /// Feeds `bytes` in pieces of `size`; returns where the body ended in `bytes`, if it did.
    func end(of bytes: [UInt8], feedingBy size: Int) -> (end: Int?, state: ChunkedBodyReader.State) {
        var reader = ChunkedBodyReader()
        var offset = 0
        while offset < bytes.count {
            let piece = Array(bytes[offset..<min(bytes.count, offset + size)])
            let stopped = piece.withUnsafeBytes { reader.read($0, from: 0) }
            if reader.state == .done { return (offset + stopped, reader.state) }
            offset += piece.count
        }
        return (nil, reader.state)
    }

    @Test("the end is found at the empty line after the trailers, fed whole or byte by byte", arguments: [1, 2, 3, 7, 1000])
    func findsTheEnd(size: Int) {
        let next = Array("POST / HTTP/1.1\r\n".utf8)
        let result = end(of: Self.body + next, feedingBy: size)
        #expect(result.end == Self.body.count)
    }

    @Test("an unfinished body is not done; a bad size line is malformed")
    func unfinishedAndMalformed() {
        #expect(end(of: Array(Self.body.dropLast(2)), feedingBy: 5).state != .done)
        #expect(end(of: Array("zz\r\n".utf8), feedingBy: 1).state == .malformed)
        #expect(end(of: Array("\r\n".utf8), feedingBy: 1).state == .malformed)
        #expect(end(of: Array("3\r\nabcX".utf8), feedingBy: 1).state == .malformed)
    }
}
