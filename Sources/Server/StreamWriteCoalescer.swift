import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sends a streamed answer in fewer socket writes: its head goes out with its first events, and
/// its last events go out with the end of the body. Hummingbird writes and flushes a streamed
/// response's head before the body begins, and the end of the body on its own, so a stream that
/// arrives in one read would otherwise cost the app three writes (and three wake-ups) where a
/// proxy makes one.
///
/// Only a response that asks for it is held, so a stream that waits for events (MCP's) still
/// sends its head at once:
/// - a head carrying ``holdHeadField`` (removed before it is written) is not flushed until the
///   first body part is written, or the connection closes;
/// - an empty body part (``lastPartFollows``) after the last events says that the end comes next:
///   flushes wait for the end. The empty part itself is not passed on.
///
/// Nothing is lost while held: the write is only buffered in the channel, and closing the
/// connection flushes it first. It lives on its channel's event loop, like every channel
/// handler, and is never shared.
final class StreamWriteCoalescer: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The response field that asks for the head to wait for the first events; it never leaves
    /// the gateway.
    static let holdHeadField = HTTPField.Name("x-switchboard-hold-head")!

    /// The body part that announces the end: written after a held stream's last events.
    static var lastPartFollows: ByteBuffer { ByteBuffer() }

    private enum Hold {
        /// Flushes go through.
        case none
        /// A held head waits for its first body part.
        case head
        /// The last events wait for the end.
        case end
    }

    private var hold = Hold.none
    /// Whether the response being written asked to be held.
    private var holding = false

    /// Creates a coalescer for one connection.
    init() {}

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.kind != .informational && head.headerFields[Self.holdHeadField] != nil:
            head.headerFields[Self.holdHeadField] = nil
            holding = true
            hold = .head
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body(let buffer) where holding && buffer.readableBytes == 0:
            hold = .end
            promise?.succeed()
        case .body:
            if hold == .head { hold = .none }
            context.write(data, promise: promise)
        case .end:
            holding = false
            hold = .none
            context.write(data, promise: promise)
        case .head:
            context.write(data, promise: promise)
        }
    }

    func flush(context: ChannelHandlerContext) {
        guard hold == .none else { return }
        context.flush()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if hold != .none {
            hold = .none
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }
}
