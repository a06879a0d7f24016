import NIOCore
import NIOPosix

/// MCP's stdio transport to a subprocess: one JSON-RPC message per line on its standard
/// input and output, read and written by an NIO pipe channel, so no thread waits on the pipes.
/// (Its standard error is logged by ``MCPServerStandardError``.)
struct MCPStdioTransport: MCPClientTransport {
    /// The longest line (one message) accepted from the server.
    static let maximumMessageBytes = 16 << 20

    let messages: AsyncThrowingStream<[UInt8], any Error>
    private let channel: any Channel

    /// Wraps the pipe ends `input` (the server's standard output) and `output` (its standard
    /// input); the channel owns and closes them from then on, also when this throws.
    static func open(input: CInt, output: CInt) async throws -> MCPStdioTransport {
        let (messages, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let channel: any Channel
        do {
            channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .takingOwnershipOfDescriptors(input: input, output: output) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(maximumLength: maximumMessageBytes, overlong: .fail)))
                        try channel.pipeline.syncOperations.addHandler(MessageForwarder(continuation: continuation))
                        return channel
                    }
                }
        } catch {
            CloseOnExecPipe.close(input)
            CloseOnExecPipe.close(output)
            continuation.finish(throwing: error)
            throw error
        }
        return MCPStdioTransport(messages: messages, channel: channel)
    }

    func send(_ message: [UInt8]) async throws {
        var buffer = channel.allocator.buffer(capacity: message.count + 1)
        buffer.writeBytes(message)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try await channel.writeAndFlush(buffer)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Hands each line to the transport's message stream, and ends the stream with the channel.
private final class MessageForwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

    init(continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(Array(unwrapInboundIn(data).readableBytesView))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
