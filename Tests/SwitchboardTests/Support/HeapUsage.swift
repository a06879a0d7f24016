import CHeapUsage

/// The bytes the process has allocated and not freed, as the C allocator counts them: what a
/// leak or an unbounded table grows, without the noise of pages the allocator keeps for reuse.
enum HeapUsage {
    /// Bytes in use now (glibc's `mallinfo2`: arena bytes in use plus mmapped blocks), or nil
    /// where the C library is not glibc.
    static func bytesInUse() -> Int? {
        let bytes = switchboard_heap_bytes_in_use()
        return bytes < 0 ? nil : Int(bytes)
    }
}
