"""Items worked out ahead in a thread while the caller works on the one before: files read while
the one before is converted (io.folder)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

# How far files are read ahead while the caller converts one: their columns' bytes.
READ_AHEAD_BYTES = 128 << 20

T = TypeVar("T")


def read_ahead(
    items: Iterator[T], worth: Callable[[T], bool], light: Callable[[T], bool], weight: Callable[[T], int] = lambda _: 0,
    budget: int = READ_AHEAD_BYTES,
) -> Ahead:
    """The items, the next ones worked out in a thread while the caller works on this one: pyarrow
    reads the next files (without the GIL) while pandas converts this one, as far ahead as `budget`
    bytes (`weight`: an item's bytes): reading a large file takes longer than converting the small
    files before it, and a reader only one file ahead kept the caller waiting. After an item the
    caller works on holding the GIL (`worth` false), the next is worked out when the caller is done,
    here: a hand-over between threads (a wake-up, the GIL passed) costs more than the little it
    overlaps. An item that is next to nothing (`light`: the end of a file) is worked out together
    with the one after it: alone, it would be all the thread worked out while the caller converts a
    file, and the next file would then be read in the caller's thread, overlapping nothing.

    The thread begins at once, before the first item is asked for (read_soon)."""
    lock = threading.Lock()
    # bytes read and not taken; a batch being read; the thread stopped at an item; the reading given up
    state = {"ahead": 0, "running": True, "halted": False, "stopped": False}
    pending: deque[Future] = deque()  # each batch read or being read, in order
    pool = ThreadPoolExecutor(1, thread_name_prefix="netdiag-read")

    def batch_ahead() -> tuple[list, int]:
        batch = _through_heavy(items, light)
        size = sum(weight(item) for item in batch if not isinstance(item, _Raised) and item is not _DONE)
        with lock:
            state["ahead"] += size
            state["halted"] = not _goes_on(batch[-1], worth)
            state["running"] = not state["halted"] and not state["stopped"] and state["ahead"] < budget
            if state["running"]:
                pending.append(pool.submit(batch_ahead))  # (before this one is done: in order)
        return batch, size

    def taken() -> Iterator[T]:
        try:
            while True:
                if pending:
                    batch, size = pending.popleft().result()
                else:  # the thread halted and every batch it read is taken: the next one here
                    batch, size = _through_heavy(items, light), 0
                    state["halted"] = not _goes_on(batch[-1], worth)
                with lock:
                    state["ahead"] -= size
                    if not state["running"] and not state["halted"] and state["ahead"] < budget:
                        state["running"] = True
                        pending.append(pool.submit(batch_ahead))
                for item in batch:
                    if item is _DONE:
                        return
                    if isinstance(item, _Raised):
                        raise item.error
                    yield item  # (not held here: the caller lets go of it when done)
        finally:
            pool.shutdown(cancel_futures=True)

    def stop() -> None:
        with lock:
            state["stopped"] = True
        pool.shutdown(wait=False, cancel_futures=True)

    pending.append(pool.submit(batch_ahead))
    return Ahead(taken(), stop)


class Ahead(Iterator):
    """read_ahead's items; close() gives the reading up, taken from or not (the batch being read is
    finished, nothing after it)."""

    def __init__(self, items: Iterator, stop: Callable[[], None]) -> None:
        self._items, self._stop = items, stop

    def __next__(self):
        return next(self._items)

    def close(self) -> None:
        self._stop()
        self._items.close()


def _goes_on(last: object, worth: Callable) -> bool:
    return not isinstance(last, _Raised) and last is not _DONE and worth(last)


def _through_heavy(items: Iterator[T], light: Callable[[T], bool]) -> list:
    """The next items up to the first that is not `light` (or the end, or the error that stopped them:
    raised where it stands, after the items before it)."""
    taken: list = []
    while True:
        try:
            item = next(items, _DONE)
        except Exception as error:  # noqa: BLE001  (handed to the caller's thread, raised there)
            taken.append(_Raised(error))
            return taken
        taken.append(item)
        if item is _DONE or not light(item):
            return taken


@dataclass
class _Raised:
    error: Exception


_DONE = object()
