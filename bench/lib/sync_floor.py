#!/usr/bin/env python3
"""The disk's durable append: how long one 4 KiB write and fdatasync take at the end of a
preallocated file in DIR, the least a durable audit record can cost a request.

usage: sync_floor.py DIR [--appends N]
prints: "p50 142 µs, p90 191 µs, CPU 67 µs per append (2000 appends)"
"""
import argparse
import os
import sys
import tempfile
import time

BLOCK = 4096


def measure(directory: str, appends: int) -> str:
    handle, path = tempfile.mkstemp(prefix="sync-floor.", dir=directory)
    try:
        size = BLOCK * (appends + 1)
        # Written once and synced, so that the timed appends change no block map or size:
        # the shape of SQLite's WAL once it has reached its size.
        os.pwrite(handle, b"\0" * size, 0)
        os.fsync(handle)
        block = b"x" * BLOCK
        times = []
        cpu_before = time.process_time()
        for index in range(appends):
            started = time.perf_counter()
            os.pwrite(handle, block, index * BLOCK)
            os.fdatasync(handle)
            times.append(time.perf_counter() - started)
        cpu = (time.process_time() - cpu_before) / appends
    finally:
        os.close(handle)
        os.unlink(path)
    times.sort()
    p50, p90 = times[len(times) // 2], times[len(times) * 9 // 10]
    return f"p50 {p50 * 1e6:.0f} µs, p90 {p90 * 1e6:.0f} µs, CPU {cpu * 1e6:.0f} µs per append ({appends} appends)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--appends", type=int, default=2000)
    arguments = parser.parse_args()
    if arguments.appends < 10:
        print("sync_floor.py: --appends must be at least 10", file=sys.stderr)
        return 2
    if not os.path.isdir(arguments.directory):
        print(f"sync_floor.py: {arguments.directory} is not a directory; pass the folder that holds the store", file=sys.stderr)
        return 2
    print(measure(arguments.directory, arguments.appends))
    return 0


if __name__ == "__main__":
    sys.exit(main())
