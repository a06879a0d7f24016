import NIOCore
import Timers
import Wire

/// Guards a connection against clients that send too much or too slowly, before the HTTP
/// decoder sees the bytes: a request head larger than `maxHeaderBytes` gets 431, and a request
/// whose head and body do not arrive within `readTimeout` of its first byte gets 408 (or, once a
/// response has begun, just the close). Both close the connection.
///
/// It follows request boundaries on the raw bytes: the head ends at the first empty line, and
/// the body runs for its `Content-Length` or to the last chunk of a chunked body. The clock runs
/// only while a request is being received, never while it is served; its one timer is set again
/// only when it fires, so a busy connection schedules one timer per `readTimeout`, not one per
/// request.
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
    /// The time the request being received has left; made when the handler is added.
    private var requestClock: RenewableDeadline?
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
            startTimer()
            phase = .head([])
            return index
        case .head(var head):
            phase = .idle  // Releases the array, so appending does not copy it.
            // The head ends at the first CR LF CR LF, which may straddle reads. One byte more than
            // the limit is read, so that a head over it is seen.
            let available = min(bytes.count - index, maxHeaderBytes + 1 - head.count)
            let end = Self.endOfHead(bytes, from: index, to: index + available, after: head.suffix(3))
            let taken = end.map { $0 - index } ?? available
            head.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + taken)]))
            if head.count > maxHeaderBytes {
                reject(
                    context, status: "431 Request Header Fields Too Large", code: "request_header_fields_too_large",
                    message: "The request line and headers exceed \(maxHeaderBytes) bytes (server.max_header_bytes). Send smaller headers.")
                return bytes.count
            }
            if end != nil {
                phase = Self.bodyPhase(afterHead: head)
                if case .idle = phase { stopTimer() }
                return index + taken
            }
            phase = .head(head)
            return index + taken
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

    /// The index just past the first CR LF CR LF in `bytes[start..<limit]`, counting `previous`
    /// (the head's last bytes so far) as coming just before `start`; nil when it is not there.
    private static func endOfHead(_ bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int, after previous: ArraySlice<UInt8>) -> Int? {
        func byte(_ index: Int) -> UInt8 { index >= start ? bytes[index] : previous[previous.endIndex - (start - index)] }
        var index = max(start, start - previous.count + 3)
        while index < limit {
            let current = byte(index)
            if current == 0x0A, byte(index - 1) == 0x0D, byte(index - 2) == 0x0A, byte(index - 3) == 0x0D { return index + 1 }
            // A byte that is neither CR nor LF rules out a terminator ending within the next three.
            index += current == 0x0D || current == 0x0A ? 1 : 4
        }
        return nil
    }

    /// What follows a head: a body of its `Content-Length`, a chunked body, or nothing. Read
    /// from the bytes, without building strings.
    private static func bodyPhase(afterHead head: [UInt8]) -> Phase {
        var contentLength = 0
        var chunked = false
        var lineStart = head.firstIndex(of: 0x0A).map { $0 + 1 } ?? head.count  // After the request line.
        while lineStart < head.count {
            let lineEnd = head[lineStart...].firstIndex(of: 0x0A) ?? head.count
            let line = head[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = line[..<colon]
            let value = line[(colon + 1)...]
            if equalsIgnoringCase(name, "content-length") {
                contentLength = decimal(value) ?? 0
            } else if equalsIgnoringCase(name, "transfer-encoding"), contains(value, lowercase: "chunked") {
                chunked = true
            }
        }
        if chunked { return .chunked(ChunkedBodyReader()) }
        return contentLength > 0 ? .body(remaining: contentLength) : .idle
    }

    /// Whether `bytes` is `name` (lowercase ASCII) in any case.
    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        return zip(bytes, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)).allSatisfy { $0 | 0x20 == $1 }
    }

    /// Whether `bytes` contains `word` (lowercase ASCII) in any case.
    private static func contains(_ bytes: ArraySlice<UInt8>, lowercase word: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count >= pattern.count else { return false }
        var start = bytes.startIndex
        while start + pattern.count <= bytes.endIndex {
            if zip(bytes[start..<(start + pattern.count)], pattern).allSatisfy({ $0 | 0x20 == $1 }) { return true }
            start += 1
        }
        return false
    }

    /// The decimal number in `bytes`, spaces and tabs around it (and the line's CR) ignored.
    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        var digits = bytes
        while let first = digits.first, first == 0x20 || first == 0x09 { digits = digits.dropFirst() }
        while let last = digits.last, last == 0x20 || last == 0x09 || last == 0x0D { digits = digits.dropLast() }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (multiplied, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = multiplied + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        responseStarted = true
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        requestClock = RenewableDeadline(interval: readTimeout, loop: context.eventLoop) { [weak self] in
            self?.timedOut(boundContext.value)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    /// Starts the current request's clock.
    private func startTimer() {
        responseStarted = false
        requestClock?.start()
    }

    /// Stops the current request's clock.
    private func stopTimer() {
        requestClock?.stop()
    }

    /// Drops the clock's timer, for a connection that is going away.
    private func cancelTimer() {
        requestClock?.cancel()
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
        cancelTimer()
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
