import Hummingbird
import NIOCore
import Wire

extension Request {
    /// The whole body, up to `limit` bytes: a 413 when it is larger, a 400 when it cannot be read.
    func collectBody(upTo limit: Int) async throws(APIError) -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: limit)
        } catch {
            throw APIError.invalidRequest("The request body could not be read: \(error).", code: "unreadable_body")
        }
    }
}
