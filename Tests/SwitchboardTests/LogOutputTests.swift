import Foundation
import Glibc
@testable import Server
import Testing

/// The log's way to standard error: lines wait for the writer thread (never written by the
/// caller, so a reader that falls behind cannot hold up an event loop), keep their order, are
/// bounded, and errors go out at once. Each test writes to a pipe of its own and reads it
/// without blocking.
@Suite("log output")
struct LogOutputTests {
    /// A pipe whose read end does not block.
    private static func pipe() throws -> (read: CInt, write: CInt) {
        var descriptors: [CInt] = [-1, -1]
        try #require(Glibc.pipe(&descriptors) == 0)
        _ = fcntl(descriptors[0], F_SETFL, fcntl(descriptors[0], F_GETFL) | O_NONBLOCK)
        return (descriptors[0], descriptors[1])
    }

    /// What the pipe holds now.
    private static func drain(_ descriptor: CInt) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test("lines wait for the writer, in order; an error is written at once, after what waited")
    func waitsThenWritesInOrder() throws {
        let pipe = try Self.pipe()
        defer { _ = close(pipe.read) }
        // A delay no test waits for: only flush() and urgent lines write here.
        let output = LogOutput(descriptor: pipe.write, flushDelay: .seconds(3600))
        output.append(Self.line(#"{"msg":"一"}"#))
        output.append(Self.line(#"{"msg":"two"}"#))
        #expect(Self.drain(pipe.read) == "", "appending does not write")
        output.append(Self.line(#"{"msg":"failed"}"#), urgent: true)
        #expect(Self.drain(pipe.read) == "{\"msg\":\"一\"}\n{\"msg\":\"two\"}\n{\"msg\":\"failed\"}\n")
        output.append(Self.line("three"))
        output.flush()
        #expect(Self.drain(pipe.read) == "three\n")
        output.flush()
        #expect(Self.drain(pipe.read) == "", "nothing is written twice")
    }

    @Test("past its capacity a line is dropped and counted, and the count is written with the next batch")
    func boundedAndCounted() throws {
        let pipe = try Self.pipe()
        defer { _ = close(pipe.read) }
        let output = LogOutput(descriptor: pipe.write, capacity: 16, flushDelay: .seconds(3600))
        for index in 0..<5 { output.append(Self.line("line \(index)")) }
        output.flush()
        let written = Self.drain(pipe.read).split(separator: "\n")
        #expect(written.prefix(2) == ["line 0", "line 1"], "two 7-byte lines fit in 16 bytes")
        #expect(written.count == 3)
        #expect(written.last?.contains(#""msg":"log lines dropped: standard error is not read fast enough","dropped":"3""#) == true)
        output.append(Self.line("after"))
        output.flush()
        #expect(Self.drain(pipe.read) == "after\n", "the count was written once")
    }
}
