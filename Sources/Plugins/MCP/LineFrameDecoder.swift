import NIOCore

/// Splits bytes into lines (without their `\n` or `\r\n`), leaving out empty ones; what follows
/// the last newline when the input ends is a line too. A line longer than the limit either
/// ends the channel (`fail`: an MCP message that large is an error) or is passed on in pieces
/// of the limit (`split`: a subprocess's standard error must be read on, or the subprocess
/// blocks once the pipe is full).
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// What to do with a line longer than the limit.
    enum Overlong {
        case fail
        case split
    }

    /// A line was longer than the limit.
    struct LineTooLong: Error, CustomStringConvertible {
        let limit: Int
        var description: String { "a line longer than \(limit) bytes" }
    }

    let maximumLength: Int
    let overlong: Overlong

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")).map { $0 - buffer.readerIndex }
        if (newline ?? buffer.readableBytes) > maximumLength {
            if overlong == .fail { throw LineTooLong(limit: maximumLength) }
            context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: maximumLength)!))
            return .continue
        }
        guard let newline else { return .needMoreData }
        var line = buffer.readSlice(length: newline + 1)!
        line.moveWriterIndex(to: line.writerIndex - 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
        if line.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(line)) }
        return .continue
    }

    /// At the end, the complete lines, then what is left as a last line.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while case .continue = try decode(context: context, buffer: &buffer) {}
        if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: buffer.readableBytes)!)) }
        return .needMoreData
    }
}
