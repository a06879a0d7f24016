import Foundation
@testable import Server
import Testing

/// The log's way to standard error: lines wait for the writer thread (never written by the
/// caller, so a reader that falls behind cannot hold up an event loop), keep their order, are
/// bounded, and errors go out at once. Each test writes to a pipe of its own and reads it
/// without blocking.
@Suite("log output")
struct LogOutputTests {
    private static func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test("lines wait for the writer, in order; an error is written at once, after what waited")
    func waitsThenWritesInOrder() throws {
        let pipe = try LogPipe()
        defer { pipe.close() }
        // A delay no test waits for: only flush() and urgent lines write here.
        let output = LogOutput(descriptor: pipe.write, flushDelay: .seconds(3600))
        output.append(Self.line(#"{"msg":"一"}"#))
        output.append(Self.line(#"{"msg":"two"}"#))
        #expect(pipe.drain() == "", "appending does not write")
        output.append(Self.line(#"{"msg":"failed"}"#), urgent: true)
        #expect(pipe.drain() == "{\"msg\":\"一\"}\n{\"msg\":\"two\"}\n{\"msg\":\"failed\"}\n")
        output.append(Self.line("three"))
        output.flush()
        #expect(pipe.drain() == "three\n")
        output.flush()
        #expect(pipe.drain() == "", "nothing is written twice")
    }

    @Test("past its capacity a line is dropped and counted, and the count is written with the next batch")
    func boundedAndCounted() throws {
        let pipe = try LogPipe()
        defer { pipe.close() }
        let output = LogOutput(descriptor: pipe.write, capacity: 16, flushDelay: .seconds(3600))
        for index in 0..<5 { output.append(Self.line("line \(index)")) }
        output.flush()
        let written = pipe.drain().split(separator: "\n")
        #expect(written.prefix(2) == ["line 0", "line 1"], "two 7-byte lines fit in 16 bytes")
        #expect(written.count == 3)
        #expect(written.last?.contains(#""msg":"log lines dropped: standard error is not read fast enough","dropped":"3""#) == true)
        output.append(Self.line("after"))
        output.flush()
        #expect(pipe.drain() == "after\n", "the count was written once")
    }
}
