"""read_folder reads the next file in a thread while it converts this one."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from netdiag.errors import DataError
from netdiag.io import folder as folder_module
from netdiag.io.folder import _read_ahead, read_folder

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "network"


def test_a_light_item_comes_with_the_next_from_the_thread():
    """An item that is next to nothing (a file's end) is worked out with the one after it, in the
    reading thread: the next file is read there while the caller converts this one."""
    made_in = {}

    def items():
        for i in range(6):
            made_in[i] = threading.current_thread()
            yield i

    got = list(_read_ahead(items(), lambda i: True, lambda i: i % 2 == 1))
    assert got == list(range(6))
    main = threading.current_thread()
    assert not any(made_in[i] is main for i in range(6))


def test_an_error_after_light_items_is_raised_where_it_stands():
    def items():
        yield 0
        yield 1
        raise DataError("item 2 is broken")

    got = []
    with pytest.raises(DataError, match="item 2"):
        for item in _read_ahead(items(), lambda i: True, lambda i: True):
            got.append(item)
    assert got == [0, 1]


def test_every_csv_file_is_read_in_the_reading_thread(tmp_path, monkeypatch):
    """Each file's reading begins in the reading thread (f42d87a had the file after a file's end read
    in the caller's thread: no overlap at all on a folder of CSV files)."""
    for name in ("cells.csv", "cell_kpi.csv", "trx.csv"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    threads = []
    original = folder_module.start_reading

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(folder_module, "start_reading", recording)
    read = read_folder(tmp_path)
    assert {"cells", "cell_kpi", "trx"} <= set(read.tables)
    assert len(threads) == 3 and threading.current_thread() not in threads


def test_the_thread_reads_ahead_as_far_as_the_budget_and_no_further():
    """Several files ahead (one ahead kept the caller waiting for each large file), but never more
    than the budget's bytes read and not taken: memory stays bounded however many files there are."""
    import time

    made = []

    def items():
        for i in range(20):
            made.append(i)
            yield i

    def settled(count: int) -> None:  # (the thread works on its own time: wait for it, then a little longer)
        deadline = time.monotonic() + 5
        while len(made) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)

    taken = _read_ahead(items(), lambda i: True, lambda i: False, weight=lambda i: 10, budget=35)
    assert next(taken) == 0
    settled(5)
    # 0 was read with 1, 2 and 3 behind it (40 bytes: over the budget, it stops); 0 taken (30): one more
    assert made == [0, 1, 2, 3, 4]
    assert next(taken) == 1
    settled(6)
    assert made == [0, 1, 2, 3, 4, 5]
    assert list(taken) == list(range(2, 20))
