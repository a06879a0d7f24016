import Foundation

/// Where the tests put their files: one folder per test process under the system's temporary
/// directory, removed when the process exits, so a run leaves nothing behind however many
/// databases, configurations and corpora its tests wrote.
enum ScratchSpace {
    private static let prefix = "switchboard-tests-"

    /// This process's folder, `switchboard-tests-<pid>`, made on first use. Making it also
    /// removes the folders of test processes that are no longer running: one that crashed, or
    /// whose removal at exit lost a race with a database still being closed.
    static let root: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeFoldersOfEndedProcesses(in: temporary)
        let root = temporary.appendingPathComponent("\(prefix)\(getpid())", isDirectory: true)
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ScratchSpace.root) }
        return root
    }()

    private static func removeFoldersOfEndedProcesses(in temporary: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    /// A new path under the root, `<prefix>-<uuid><suffix>`, that nothing has made yet.
    static func path(_ prefix: String, suffix: String = "") -> URL {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
    }

    /// A new empty folder under the root, `<prefix>-<uuid>`.
    static func directory(_ prefix: String) throws -> URL {
        let directory = path(prefix)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The path of a new SQLite database file, `<prefix>-<uuid>/state.db`.
    static func database(_ prefix: String) -> String {
        path(prefix).appendingPathComponent("state.db").path
    }
}
