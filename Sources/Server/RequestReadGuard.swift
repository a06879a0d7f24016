import NIOCore
import Wire

/// Guards a connection against clients that send too much or too slowly, before the HTTP
/// decoder sees the bytes: a request head larger than `maxHeaderBytes` gets 431, and a request
/// whose head and body do not arrive within `readTimeout` of its first byte gets 408 (or, once a
/// response has begun, just the close). Both close the connection.
///
/// It follows request boundaries on the raw bytes: the head ends at the first empty line, and
/// the body runs for its `Content-Length` or to the last chunk of a chunked body. The timer runs
/// only while a request is being received, never while it is served.
///
/// It lives on its channel's event loop, like every channel handler, and is never shared.
final class RequestReadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        /// Between requests.
        case idle
        /// Reading a head; its bytes so far.
        case head([UInt8])
        /// Reading a body of known length; the bytes still to come.
        case body(remaining: Int)
        /// Reading a chunked body.
        case chunked(ChunkedBodyReader)
        /// A limit was broken; nothing more is read.
        case rejected
    }

    private let maxHeaderBytes: Int
    private let readTimeout: TimeAmount
    private var phase = Phase.idle
    private var deadline: Scheduled<Void>?
    private var responseStarted = false

    /// Creates a guard.
    init(maxHeaderBytes: Int, readTimeout: TimeAmount) {
        self.maxHeaderBytes = maxHeaderBytes
        self.readTimeout = readTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if case .rejected = phase { return }
        buffer.withUnsafeReadableBytes { bytes in
            var index = 0
            while index < bytes.count, !isRejected {
                index = advance(bytes, from: index, context: context)
            }
        }
        if isRejected { return }
        context.fireChannelRead(data)
    }

    private var isRejected: Bool {
        if case .rejected = phase { return true }
        return false
    }

    /// Moves the request state over `bytes` from `index`; returns where it stopped.
    private func advance(_ bytes: UnsafeRawBufferPointer, from index: Int, context: ChannelHandlerContext) -> Int {
        switch phase {
        case .rejected:
            return bytes.count
        case .idle:
            startTimer(context)
            phase = .head([])
            return index
        case .head(var head):
            phase = .idle  // Releases the array, so appending does not copy it.
            var position = index
            while position < bytes.count {
                head.append(bytes[position])
                position += 1
                if head.count >= 4, head[head.count - 1] == 0x0A, head[head.count - 2] == 0x0D, head[head.count - 3] == 0x0A, head[head.count - 4] == 0x0D {
                    phase = Self.bodyPhase(afterHead: head)
                    if case .idle = phase { stopTimer() }
                    return position
                }
                if head.count > maxHeaderBytes {
                    reject(
                        context, status: "431 Request Header Fields Too Large", code: "request_header_fields_too_large",
                        message: "The request line and headers exceed \(maxHeaderBytes) bytes (server.max_header_bytes). Send smaller headers.")
                    return bytes.count
                }
            }
            phase = .head(head)
            return position
        case .body(let remaining):
            let taken = min(remaining, bytes.count - index)
            if taken == remaining {
                phase = .idle
                stopTimer()
            } else {
                phase = .body(remaining: remaining - taken)
            }
            return index + taken
        case .chunked(var reader):
            let position = reader.read(bytes, from: index)
            switch reader.state {
            case .done:
                phase = .idle
                stopTimer()
            case .malformed:
                // The HTTP decoder will answer 400; stop following the stream.
                phase = .idle
                stopTimer()
                return bytes.count
            default:
                phase = .chunked(reader)
            }
            return position
        }
    }

    /// What follows a head: a body of its `Content-Length`, a chunked body, or nothing.
    private static func bodyPhase(afterHead head: [UInt8]) -> Phase {
        var contentLength = 0
        var chunked = false
        let text = String(decoding: head, as: UTF8.self)
        for line in text.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                contentLength = Int(value) ?? 0
            } else if name == "transfer-encoding", value.lowercased().contains("chunked") {
                chunked = true
            }
        }
        if chunked { return .chunked(ChunkedBodyReader()) }
        return contentLength > 0 ? .body(remaining: contentLength) : .idle
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        responseStarted = true
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
    }

    private func startTimer(_ context: ChannelHandlerContext) {
        stopTimer()
        responseStarted = false
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: readTimeout) {
            let (handler, context) = loopBound.value
            handler.deadline = nil
            handler.timedOut(context)
        }
    }

    private func stopTimer() {
        deadline?.cancel()
        deadline = nil
    }

    private func timedOut(_ context: ChannelHandlerContext) {
        guard !isRejected else { return }
        let seconds = Double(readTimeout.nanoseconds) / 1e9
        reject(
            context, status: "408 Request Timeout", code: "request_timeout",
            message: "The request was not received within \(seconds.formatted()) s of its first byte (server.read_timeout). Send the whole request promptly.")
    }

    /// Answers `status` with an OpenAI-shaped error (unless a response has begun) and closes.
    private func reject(_ context: ChannelHandlerContext, status: String, code: String, message: String) {
        phase = .rejected
        stopTimer()
        guard !responseStarted else {
            context.close(promise: nil)
            return
        }
        let body = #"{"error":{"message":\#(JSONStringLiteral.string(message)),"type":"invalid_request_error","param":null,"code":"\#(code)"}}"#
        let head = "HTTP/1.1 \(status)\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n"
        let buffer = context.channel.allocator.buffer(string: head + body)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in boundContext.value.close(promise: nil) }
    }
}

extension Double {
    fileprivate func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
