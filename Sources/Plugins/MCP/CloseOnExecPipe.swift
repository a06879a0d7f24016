import Glibc

/// A pipe whose two ends close on `exec`: a subprocess gets an end only where it is handed one
/// as a standard stream.
struct CloseOnExecPipe {
    /// The end to read from.
    let read: CInt
    /// The end to write to.
    let write: CInt

    /// Makes the pipe.
    static func make() throws(MCPClientError) -> CloseOnExecPipe {
        var descriptors: [CInt] = [-1, -1]
        guard Glibc.pipe(&descriptors) == 0 else {
            throw .connectionClosed("cannot make a pipe to the MCP server: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return CloseOnExecPipe(read: descriptors[0], write: descriptors[1])
    }

    /// Closes one end that is still this process's own (not handed to a channel).
    static func close(_ descriptor: CInt) {
        _ = Glibc.close(descriptor)
    }
}
