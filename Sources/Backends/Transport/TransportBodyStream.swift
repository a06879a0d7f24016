import AsyncHTTPClient
import NIOCore

/// A streamed body, chunk by chunk, from either transport. Iteration throws when the
/// connection breaks; cancelling the reading task closes the connection.
struct TransportBodyStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    enum Source: Sendable {
        case plain(PlainHTTPBody)
        case asyncHTTPClient(HTTPClientResponse.Body)
    }

    let source: Source

    /// Iterates the chunks.
    struct AsyncIterator: AsyncIteratorProtocol {
        enum Inner {
            case plain(PlainHTTPBody.AsyncIterator)
            case asyncHTTPClient(HTTPClientResponse.Body.AsyncIterator)
        }

        var inner: Inner

        mutating func next() async throws -> ByteBuffer? {
            switch inner {
            case .plain(var iterator):
                // Read on the caller's executor (NIO's iterator is not ours to mark). The
                // producer's iterator is a reference underneath: nothing to write back.
                return try await iterator.next(isolation: #isolation)
            case .asyncHTTPClient(var iterator):
                let chunk = try await iterator.next(isolation: #isolation)
                inner = .asyncHTTPClient(iterator)
                return chunk
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .plain(let body): AsyncIterator(inner: .plain(body.makeAsyncIterator()))
        case .asyncHTTPClient(let body): AsyncIterator(inner: .asyncHTTPClient(body.makeAsyncIterator()))
        }
    }
}
