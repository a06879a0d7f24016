/// The faults a rule can inject.
enum FakeFault: String {
    /// Answer with an HTTP error status.
    case status
    /// Stop sending (before the head for non-streamed answers; mid-stream otherwise).
    case stall
    /// Close the connection in the middle of the body.
    case cut
    /// Send a body that is not valid JSON (a malformed stream chunk when streaming).
    case malformed
}

/// An error thrown inside a response body writer to make the server drop the connection.
struct ConnectionCut: Error {}
