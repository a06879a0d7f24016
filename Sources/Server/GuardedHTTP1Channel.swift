import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with two handlers of ours: a ``RequestReadGuard`` in
/// front of its decoder, so head size and read time are limited before any request is parsed,
/// and a ``ModelRouteHandler`` in front of its router, which answers the model calls itself.
///
/// The pipeline is Hummingbird's own (`HTTP1Channel.setup`), with the model route handler
/// after the connection-state handler so that idle timeouts and graceful shutdown count model
/// calls too; Hummingbird's connection loop serves the rest.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// The channel the other routes go on to.
    let http1: HTTP1Channel
    /// The largest request head, in bytes.
    let maxHeaderBytes: Int
    /// How long one request may take to arrive.
    let readTimeout: TimeAmount
    /// Answers the model calls.
    let modelCalls: ModelCallResponder
    /// The largest model call body, in bytes.
    let maxBodyBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(RequestReadGuard(maxHeaderBytes: maxHeaderBytes, readTimeout: readTimeout))
            let configuration = http1.configuration
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = configuration.httpDecoder.maxHeaderFieldSize
            limits.maxHeaderListSize = configuration.httpDecoder.maxHeaderListSize
            limits.maxHeaderFieldCount = configuration.httpDecoder.maxHeaderFieldCount
            // As Hummingbird sets it up: its connection loop does the pipelining and the errors.
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandlers(configuration.additionalChannelHandlers())
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: configuration.idleTimeout.map { .init($0) }, logger: logger))
            try pipeline.addHandler(ModelRouteHandler(responder: modelCalls, maxBodyBytes: maxBodyBytes))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
