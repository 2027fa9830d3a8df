"""read_folder reads the next file in a thread while it converts this one."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest

from netdiag.errors import DataError
from netdiag.io import folder as folder_module
from netdiag.io.folder import read_folder
from netdiag.io.readahead import read_ahead as _read_ahead

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


def test_a_folder_begun_early_reads_as_a_fresh_read_and_begins_before_it_is_asked_for(tmp_path, monkeypatch):
    """read_soon (a command, before its imports) reads in a thread at once; read_folder takes the
    reading over and gives what a fresh read gives."""
    from netdiag.io.folder import read_soon

    for name in ("cells.csv", "cell_kpi.csv", "trx.csv", "018_a_circuits.csv"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    fresh = read_folder(tmp_path)
    begun = threading.Event()
    original = folder_module.start_reading

    def recording(*args, **kwargs):
        begun.set()
        return original(*args, **kwargs)

    monkeypatch.setattr(folder_module, "start_reading", recording)
    read_soon(tmp_path)
    assert begun.wait(10)  # (read_folder not called yet)
    early = read_folder(tmp_path)
    assert list(early.tables) == list(fresh.tables) and early.notes == fresh.notes
    assert [r.path for r in early.reports] == [r.path for r in fresh.reports]
    for table in fresh.tables:
        pd.testing.assert_frame_equal(early.tables[table], fresh.tables[table])
    assert folder_module._BEGUN == {}  # taken over once: the next read is a fresh one


def test_a_folder_begun_early_that_is_broken_says_so_as_read_folder_does(tmp_path):
    from netdiag.io.folder import read_soon

    shutil.copy(SAMPLE / "cells.csv", tmp_path / "cells.csv")
    (tmp_path / "cell_kpi.csv").write_text("start_time,cell,tch_seizures\n2026-11-20 14:00,A1,many\n")  # no row usable
    with pytest.raises(DataError) as fresh:
        read_folder(tmp_path)
    read_soon(tmp_path)
    with pytest.raises(DataError) as early:
        read_folder(tmp_path)
    assert str(early.value) == str(fresh.value) and "every other row too" in str(early.value)
    read_soon(tmp_path / "nowhere")  # not a folder: nothing begun, nothing raised
    assert folder_module._BEGUN == {}


def test_a_read_that_keeps_going_does_not_take_over_a_reading_begun_for_another(tmp_path):
    from netdiag.io.folder import read_soon

    shutil.copy(SAMPLE / "cells.csv", tmp_path / "cells.csv")
    read_soon(tmp_path)
    read_folder(tmp_path, keep_going=True)  # (data inspect's read)
    assert list(folder_module._BEGUN) == [(tmp_path.resolve(), None)]
    assert "cells" in read_folder(tmp_path).tables and folder_module._BEGUN == {}


def test_the_arrow_pool_is_given_back_when_the_last_hold_lets_go(monkeypatch):
    import pyarrow as pa

    from netdiag.memory import hold_returning_allocator, returning_allocator

    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pa.default_memory_pool().backend_name
    let_go = hold_returning_allocator()  # (read_soon's)
    with returning_allocator():  # (load_dataset's)
        assert pa.default_memory_pool().backend_name == "system"
    assert pa.default_memory_pool().backend_name == "system"
    let_go()
    let_go()  # (twice does nothing more)
    assert pa.default_memory_pool().backend_name == before


def test_a_reading_given_up_before_it_is_taken_stops_reading():
    """A reading begun and never taken over (read_soon for a command that stopped) reads no further."""
    import time

    made = []

    def items():
        for i in range(1000):
            made.append(i)
            time.sleep(0.001)
            yield i

    ahead = _read_ahead(items(), lambda i: True, lambda i: False, weight=lambda i: 1, budget=10**9)
    time.sleep(0.05)
    ahead.close()
    time.sleep(0.05)
    stopped_at = len(made)
    time.sleep(0.2)
    assert len(made) == stopped_at < 1000
