import Foundation
import Synchronization

/// A real process started by a test (the gateway binary, the fake provider), with its output
/// captured so the test can wait for a line and show the log when something fails.
final class ChildProcess: Sendable {
    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    private final class OutputBuffer: Sendable {
        let text = Mutex<String>("")
    }

    private let process: Process
    private let output = OutputBuffer()
    let name: String

    /// Starts `executable` with `arguments`; stdout and stderr are captured together.
    init(name: String, executable: URL, arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
        self.name = name
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if !data.isEmpty {
                output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
    }

    /// Everything the process printed so far.
    var log: String { output.text.withLock { $0 } }

    /// Waits until a printed line contains `text`; returns that line.
    func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.contains(text) }) {
                return String(line)
            }
            guard process.isRunning else {
                throw LaunchError(description: "\(name) exited (status \(process.terminationStatus)) before printing '\(text)'. Output:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LaunchError(description: "\(name) did not print '\(text)' within \(timeout). Output:\n\(log)")
    }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    /// The names its threads carry for the operating system (`/proc/<pid>/task/*/comm`).
    var threadNames: [String] {
        let tasks = "/proc/\(process.processIdentifier)/task"
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        return ids.compactMap { id in
            (try? String(contentsOfFile: "\(tasks)/\(id)/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
        }
    }

    /// Sends SIGTERM, waits up to `grace` for the exit, then sends SIGKILL. Never blocks for long,
    /// so a process stuck in a graceful shutdown cannot hang the test run.
    func stop(grace: Duration = .seconds(3)) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
        }
    }

    /// Sends SIGKILL at once.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    deinit {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
        }
    }
}

/// Where the package's executables were built (beside the test bundle).
enum BuiltProducts {
    static var directory: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/", !FileManager.default.fileExists(atPath: directory.appendingPathComponent("switchboard").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }

    static func url(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ChildProcess.LaunchError(description: "\(name) was not found beside the test bundle; build with 'swift build --build-tests' first")
        }
        return url
    }
}

/// Runs a command to completion (killed after `timeout`) and returns its exit status and output.
func runToCompletion(
    _ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, timeout: Duration = .seconds(120)
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    merged.merge(environment) { _, new in new }
    process.environment = merged
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: watchdog)
    defer { watchdog.cancel() }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}
