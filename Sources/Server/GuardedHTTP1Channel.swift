import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with a ``RequestReadGuard`` in front of its decoder,
/// so head size and read time are limited before any request reaches the router.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// The channel the bytes go on to.
    let http1: HTTP1Channel
    /// The largest request head, in bytes.
    let maxHeaderBytes: Int
    /// How long one request may take to arrive.
    let readTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let guardHandler = RequestReadGuard(maxHeaderBytes: maxHeaderBytes, readTimeout: readTimeout)
        do {
            try channel.pipeline.syncOperations.addHandler(guardHandler)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
