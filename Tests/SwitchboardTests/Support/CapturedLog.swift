import Foundation
import Logging
import Server
import Wire

/// Log lines written through Switchboard's own JSON handler and output to a pipe, read back as
/// JSON objects.
struct CapturedLog {
    let logger: Logger
    private let output: LogOutput
    private let pipe: LogPipe

    init() throws {
        pipe = try LogPipe()
        let output = LogOutput(descriptor: pipe.write)
        self.output = output
        logger = Logger(label: "test") { label in JSONLogHandler(label: label, output: output) }
    }

    /// The lines logged so far, read until `done` holds for them (at most ten seconds).
    func lines(until done: ([JSONValue]) -> Bool) async throws -> [JSONValue] {
        var parsed: [JSONValue] = []
        _ = try await texts { texts in
            parsed = (try? texts.map { try JSONValue.parse($0) }) ?? []
            return done(parsed)
        }
        return parsed
    }

    /// The lines logged so far as they were written, read until `done` holds for them (at most
    /// ten seconds).
    func texts(until done: ([String]) -> Bool) async throws -> [String] {
        var text = ""
        var lines: [String] = []
        let patience = ContinuousClock.now + .seconds(10)
        while !done(lines), ContinuousClock.now < patience {
            output.flush()
            let more = pipe.drain()
            if more.isEmpty {
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            text += more
            lines = text.split(separator: "\n").map(String.init)
        }
        return lines
    }

    func close() { pipe.close() }
}
