#ifndef C_HEAP_USAGE_H
#define C_HEAP_USAGE_H

#include <stddef.h>

/// The bytes the C allocator has handed out and not taken back (glibc's mallinfo2: arena
/// bytes in use plus mmapped blocks); -1 where the C library is not glibc.
long long switchboard_heap_bytes_in_use(void);

#endif
