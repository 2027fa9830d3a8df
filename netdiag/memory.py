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
import threading
from collections.abc import Callable, Iterator
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


_HELD = {"depth": 0, "previous": None}  # how many hold the returning allocator, and the pool it replaced
_HOLDING = threading.Lock()


def hold_returning_allocator() -> Callable[[], None]:
    """Arrow allocations from the C library's allocator, which gives a freed file's text back at once
    (Arrow's default keeps it per thread), until the function returned is called (once is enough,
    and more does nothing); unless ARROW_DEFAULT_MEMORY_POOL says. Holds nest: the pool is put back
    when the last is let go."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return lambda: None
    with _HOLDING:
        if _HELD["depth"] == 0:
            _HELD["previous"] = pa.default_memory_pool()
            pa.set_memory_pool(pa.system_memory_pool())
        _HELD["depth"] += 1
    held = [True]

    def let_go() -> None:
        with _HOLDING:
            if not held[0]:
                return
            held[0] = False
            _HELD["depth"] -= 1
            if _HELD["depth"] == 0:
                pa.set_memory_pool(_HELD["previous"])

    return let_go


@contextmanager
def returning_allocator() -> Iterator[None]:
    """hold_returning_allocator() for the block."""
    let_go = hold_returning_allocator()
    try:
        yield
    finally:
        let_go()
