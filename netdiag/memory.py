"""Freed memory given back to the system between the stages of a scan.

Loading a national network frees gigabytes of temporary arrays and Arrow strings; Arrow's allocator
and the C library's keep much of it for reuse, so the process's peak grows with what it once held,
not what it holds. Between stages (each file read, each level of measures) it is given back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa


def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_TRIM = _malloc_trim()


def release_memory() -> None:
    """Give back what Arrow's and the C library's allocators keep of freed memory."""
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)


@contextmanager
def returning_allocator() -> Iterator[None]:
    """Arrow allocations in the block from the C library's allocator, which gives a freed file's
    text back at once (Arrow's default keeps it per thread); unless ARROW_DEFAULT_MEMORY_POOL says."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)
