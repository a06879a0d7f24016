import NIOCore
import Synchronization

/// A task executor that runs a task's jobs on one NIO event loop, as code isolated to no actor.
///
/// NIO's takeover of the global executor (see `main.swift`) runs each job isolated to the
/// event loop's serial executor. Every call into a nonisolated `async` function then counts as
/// a change of executor, so the task is queued on its loop again: about a hundred times per
/// exchange, measured with uprobes on `swift_task_enqueue`. A task that prefers this executor
/// runs on the same loop but as generic code, so those calls continue inline, and whatever
/// resumes it (an upstream answer, the audit writer) still brings it back to this loop, next
/// to its connection's socket.
///
/// ```swift
/// await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: channel.eventLoop)) {
///     await serve(channel)
/// }
/// ```
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop every job of a task preferring this executor runs on.
    public let eventLoop: any EventLoop
    private let enqueued = Atomic<Int>(0)

    /// How many jobs have been queued on the loop so far: each is a task suspending and resuming
    /// (or switching executors), so this counts a task's hops.
    public var jobsEnqueued: Int { enqueued.load(ordering: .relaxed) }

    /// An executor for `eventLoop`.
    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// The task executor the current task prefers, if any: for an unstructured task that
    /// should run where the task creating it runs (`Task(executorPreference:)`).
    public static var currentPreference: (any TaskExecutor)? {
        withUnsafeCurrentTask { task in task?.unownedTaskExecutor?.asTaskExecutor() }
    }

    /// Queues `job` on the loop; it runs there after whatever the loop is doing now.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        enqueued.add(1, ordering: .relaxed)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
