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
            while let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
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
