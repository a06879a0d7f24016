import NIOCore
import Testing
@testable import Backends

@Suite("Chunk channel")
struct ChunkChannelTests {
    @Test("every chunk arrives once and in order, whatever the capacity and interleaving", arguments: [1, 2, 16])
    func orderUnderContention(capacity: Int) async throws {
        let channel = ChunkChannel<ByteBuffer>(capacity: capacity)
        let count = 5_000
        let producer = Task {
            for index in 0..<count {
                try await channel.send(ByteBuffer(integer: UInt32(index)))
                if index % 7 == 0 { await Task.yield() }
            }
            channel.finish()
        }
        var received: [UInt32] = []
        for try await var chunk in channel {
            received.append(chunk.readInteger(as: UInt32.self) ?? .max)
            if received.count % 5 == 0 { await Task.yield() }
        }
        try await producer.value
        #expect(received == (0..<UInt32(count)).map { $0 })
    }

    @Test("a failure reaches the consumer after the buffered chunks")
    func failureAfterChunks() async throws {
        struct Broken: Error {}
        let channel = ChunkChannel<ByteBuffer>(capacity: 4)
        try await channel.send(ByteBuffer(string: "a"))
        try await channel.send(ByteBuffer(string: "b"))
        channel.finish(throwing: Broken())
        var iterator = channel.makeAsyncIterator()
        #expect(try await iterator.next().map { String(buffer: $0) } == "a")
        #expect(try await iterator.next().map { String(buffer: $0) } == "b")
        await #expect(throws: Broken.self) { try await iterator.next() }
    }

    @Test("a producer blocked on a full channel is released by cancellation")
    func cancelBlockedProducer() async throws {
        let channel = ChunkChannel<ByteBuffer>(capacity: 1)
        try await channel.send(ByteBuffer(string: "fills it"))
        let blocked = Task { try await channel.send(ByteBuffer(string: "waits")) }
        try await Task.sleep(for: .milliseconds(50))
        blocked.cancel()
        await #expect(throws: CancellationError.self) { try await blocked.value }
    }
}
