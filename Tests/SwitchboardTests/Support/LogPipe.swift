import Glibc
import Testing

/// A pipe for log output under test, whose read end does not block: ``drain()`` returns what
/// was written so far, at once.
struct LogPipe {
    /// The end to hand to the writer.
    let write: CInt
    private let read: CInt

    init() throws {
        var descriptors: [CInt] = [-1, -1]
        try #require(Glibc.pipe(&descriptors) == 0)
        _ = fcntl(descriptors[0], F_SETFL, fcntl(descriptors[0], F_GETFL) | O_NONBLOCK)
        read = descriptors[0]
        write = descriptors[1]
    }

    /// What the pipe holds now.
    func drain() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Closes the read end; the write end stays open for a writer that may outlive the test.
    func close() {
        _ = Glibc.close(read)
    }
}
