import Dispatch
import Foundation
import Synchronization
import Timers

/// A task executor with one thread of its own, for the audit trail's single writer.
///
/// The writer commits batches in order and blocks on each commit, which only a thread of its
/// own may do. There it never holds up request handling on an event loop; the appenders it
/// wakes are handed back to the loops they came from (see ``AuditLog``).
///
/// ```swift
/// await withTaskExecutorPreference(WriterThreadExecutor.shared) { await writerLoop() }
/// ```
public final class WriterThreadExecutor: TaskExecutor {
    /// The process's writer thread, started on first use and kept for the life of the process.
    public static let shared = WriterThreadExecutor(name: "audit-writer")

    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init(name: String) {
        DedicatedThread.start(name: name) { [unowned self] in
            while true { runReadyJobs() }
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    /// Waits for jobs, then runs every job enqueued so far, in order.
    private func runReadyJobs() {
        ready.wait()
        let batch = jobs.withLock { jobs -> [UnownedJob] in
            defer { jobs.removeAll(keepingCapacity: true) }
            return jobs
        }
        for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
