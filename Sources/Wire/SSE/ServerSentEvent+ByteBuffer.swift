#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

extension ServerSentEvent {
    /// Appends the event's wire form (the same bytes as ``encoded``) to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        if let event {
            buffer.writeStaticString("event: ")
            buffer.writeString(event)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        data.withUnsafeBytes { bytes in
            var lineStart = 0
            // Each line of the data gets its own field; memchr finds the (rare) line breaks.
            while lineStart < bytes.count, let found = memchr(bytes.baseAddress! + lineStart, Int32(UInt8(ascii: "\n")), bytes.count - lineStart) {
                let newline = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
                buffer.writeStaticString("data: ")
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[lineStart...newline]))
                lineStart = newline + 1
            }
            buffer.writeStaticString("data: ")
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[lineStart...]))
        }
        buffer.writeStaticString("\n\n")
    }
}
