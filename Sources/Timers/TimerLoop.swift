import NIOCore
import NIOPosix

/// Where timers are scheduled.
public enum TimerLoop {
    /// The caller's own event loop when it runs on one, so that a timer fires where the work it
    /// guards is; otherwise any loop of the shared group.
    public static var current: any EventLoop {
        MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.any()
    }
}
