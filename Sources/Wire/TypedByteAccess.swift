import NIOCore

/// Typed-throws access to raw bytes: the standard library's and NIO's `withUnsafe…Bytes`
/// rethrow untyped errors, which would erase the precise error types of the scanners.
extension ByteBuffer {
    /// Calls `body` with the readable bytes, keeping `body`'s error type.
    public func withReadableBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome = withUnsafeReadableBytes { bytes -> Swift.Result<Result, Failure> in
            do throws(Failure) {
                return .success(try body(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with the array's bytes, keeping `body`'s error type.
    public func withBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome = withUnsafeBytes { bytes -> Swift.Result<Result, Failure> in
            do throws(Failure) {
                return .success(try body(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
