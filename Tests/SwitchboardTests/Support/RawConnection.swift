import NIOCore
import NIOPosix
import Synchronization

/// A TCP connection to 127.0.0.1 that sends raw bytes and reads everything the other end sends
/// until it closes: for tests of HTTP framing (pipelined requests, closing) that a client
/// library would hide.
enum RawConnection {
    /// Sends `bytes` to `port` and returns all that came back before the server closed the
    /// connection; throws if it stays open longer than `timeout`.
    static func exchange(port: Int, sending bytes: String, timeout: TimeAmount = .seconds(20)) async throws -> String {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: bytes)).get()
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            collector.timedOut()
            channel.close(promise: nil)
        }
        try await channel.closeFuture.get()
        deadline.cancel()
        guard !collector.didTimeOut else { throw RawConnectionError.stillOpen(received: collector.received) }
        return collector.received
    }

    /// The connection stayed open past the timeout; what had arrived by then.
    enum RawConnectionError: Error {
        case stillOpen(received: String)
    }

    /// Keeps what arrives; lives on its channel's loop and is read after the channel closed.
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = Mutex<(bytes: [UInt8], timedOut: Bool)>(([], false))

        /// What arrived, as UTF-8 text.
        var received: String { state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }
        /// Whether the test gave up waiting for the close.
        var didTimeOut: Bool { state.withLock { $0.timedOut } }

        func timedOut() {
            state.withLock { $0.timedOut = true }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.bytes += buffer.readableBytesView }
        }
    }
}
