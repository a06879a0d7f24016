import Dispatch
import Foundation
import Synchronization
import Timers

#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go on their way to a file descriptor (standard error): appended under a
/// lock and written by a thread of their own, a batch at a time, so that a reader of standard
/// error that falls behind (a full pipe) never holds up an event loop, and a busy gateway makes
/// one `write` for many lines. A line waits at most ``flushDelay``. When more than
/// ``capacity`` bytes wait, new lines are dropped and counted, and a warning with the count is
/// written once there is room. Errors and criticals are written at once, after what waits, on
/// the caller's thread. Lines keep their order.
public final class LogOutput: Sendable {
    /// Standard error, flushed at exit.
    public static let standardError: LogOutput = {
        let output = LogOutput(descriptor: 2)
        atexit { LogOutput.standardError.flush() }
        return output
    }()

    private struct Waiting {
        var bytes: [UInt8] = []
        var dropped = 0
    }

    /// The descriptor written to.
    public let descriptor: CInt
    /// The most bytes that may wait.
    public let capacity: Int
    /// The longest a line waits.
    public let flushDelay: Duration
    private let waiting = Mutex(Waiting())
    /// Held while writing, so that batches and urgent lines reach the descriptor in order.
    private let writing = Mutex(())
    private let wake = DispatchSemaphore(value: 0)

    /// Starts a writer thread for `descriptor`.
    public init(descriptor: CInt, capacity: Int = 4 << 20, flushDelay: Duration = .milliseconds(20)) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.flushDelay = flushDelay
        let wake = self.wake
        let delay = Double(flushDelay.components.seconds) + Double(flushDelay.components.attoseconds) / 1e18
        DedicatedThread.start(name: "log-writer") { [weak self] in
            while true {
                wake.wait()
                guard self != nil else { return }
                Thread.sleep(forTimeInterval: delay)
                guard let self else { return }
                self.flush()
            }
        }
    }

    deinit {
        flush()
        wake.signal()
    }

    /// Adds one line (with its newline); an `urgent` one is written before this returns.
    public func append(_ line: [UInt8], urgent: Bool = false) {
        if urgent {
            writing.withLock { _ in
                var bytes = takeWaiting()
                bytes += line
                write(bytes)
            }
            return
        }
        let first = waiting.withLock { waiting -> Bool? in
            guard waiting.bytes.count + line.count <= capacity else {
                waiting.dropped += 1
                return nil
            }
            defer { waiting.bytes += line }
            return waiting.bytes.isEmpty
        }
        if first == true { wake.signal() }
    }

    /// Writes every waiting line now.
    public func flush() {
        writing.withLock { _ in write(takeWaiting()) }
    }

    /// The waiting lines, and a warning for the dropped ones, leaving none waiting.
    private func takeWaiting() -> [UInt8] {
        let (bytes, dropped) = waiting.withLock { waiting in
            defer { waiting = Waiting() }
            return (waiting.bytes, waiting.dropped)
        }
        guard dropped > 0 else { return bytes }
        var warning = Array(#"{"ts":""#.utf8)
        JSONLogHandler.appendTimestamp(to: &warning)
        warning += Array(#"","level":"warning","logger":"switchboard.log","msg":"log lines dropped: standard error is not read fast enough","dropped":"\#(dropped)"}"#.utf8)
        warning.append(0x0A)
        return bytes + warning
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
