import Logging
import NIOCore
import NIOPosix

/// What an MCP server on stdio writes to its standard error, read line by line from a pipe
/// and logged as `notice` lines naming the server, so that Switchboard's standard error stays
/// one JSON object per line.
enum MCPServerStandardError {
    /// The longest piece of a line logged at once.
    static let maximumLineBytes = 16 << 10

    /// Starts reading `descriptor` (the read end of the server's standard error), until the
    /// server closes it; the channel owns and closes the descriptor, also when this throws.
    static func start(_ descriptor: CInt, server: String, logger: Logger) async throws {
        do {
            _ = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .takingOwnershipOfDescriptor(input: descriptor) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(maximumLength: maximumLineBytes, overlong: .split)))
                        try channel.pipeline.syncOperations.addHandler(LineLogger(server: server, logger: logger))
                    }
                }
        } catch {
            CloseOnExecPipe.close(descriptor)
            throw error
        }
    }
}

/// Logs each line of a server's standard error.
private final class LineLogger: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let server: String
    private let logger: Logger

    init(server: String, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = String(decoding: unwrapInboundIn(data).readableBytesView, as: UTF8.self)
        logger.notice("MCP server standard error", metadata: ["mcp_server": "\(server)", "line": "\(line)"])
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
