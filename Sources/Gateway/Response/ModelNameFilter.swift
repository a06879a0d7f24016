import NIOCore
import Wire

/// A turn filter for answers from a backend: sets `model` to the alias the app asked for,
/// counts the usage the backend reports, and keeps a stream's usage-only chunk from an app
/// that did not ask for usage (the gateway asks backends for it on its own behalf).
struct ModelNameFilter: ResponseFilter {
    let alias: String
    let forwardsUsageChunk: Bool

    mutating func filter(_ event: ResponseEvent, exchange: inout Exchange, into output: inout [ResponseEvent]) async throws(APIError) {
        switch event {
        case .completion(let body):
            let result: ResponseModelRewriter.Result
            do {
                result = try body.withReadableBytes { bytes throws(JSONSyntaxError) in try ResponseModelRewriter.rewrite(bytes, alias: alias) }
            } catch {
                throw Self.malformed(error)
            }
            exchange.addUsage(result.usage)
            output.append(.completion(ByteBuffer(bytes: result.bytes)))
        case .chunk(var chunk):
            let result: ResponseModelRewriter.Result
            do {
                result = try chunk.data.withBytes { bytes throws(JSONSyntaxError) in try ResponseModelRewriter.rewrite(bytes, alias: alias) }
            } catch {
                throw Self.malformed(error)
            }
            exchange.addUsage(result.usage)
            if result.isUsageOnly, !forwardsUsageChunk { return }
            chunk.data = result.bytes
            output.append(.chunk(chunk))
        case .done, .failure:
            output.append(event)
        }
    }

    private static func malformed(_ error: JSONSyntaxError) -> APIError {
        APIError(status: 502, type: "api_error", code: "upstream_malformed", message: "The backend sent an answer that is not a JSON object (\(error)).")
    }
}

/// Adds a ``ModelNameFilter`` to every answer that came from a backend.
struct ModelNameFilterFactory: ResponseFilterFactory {
    func makeFilter(for exchange: Exchange) -> (any ResponseFilter)? {
        guard exchange.servedBy != nil, let request = exchange.request else { return nil }
        return ModelNameFilter(alias: request.alias, forwardsUsageChunk: request.includeUsage)
    }
}
