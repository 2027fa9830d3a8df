"""3GPP PM XML files in a data folder, read into the canonical statistics tables through the counter
dictionary: the hand-written spec and vendor files of tests/io/pm_xml, and many gzipped files a day."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netdiag import load_dataset
from netdiag.errors import DataError
from netdiag.io.folder import EMPTY_DUMP, ERROR, NO_COUNTERS, read_folder
from netdiag.io.pm_xml import write_meas_collec

PM = Path(__file__).resolve().parent / "pm_xml"
CELLS = "cell,bsc,lac,ci\nGbg-997,RNC1,4101,20042\nGbg-998,RNC1,4101,20043\nGbg-999,RNC1,4101,20044\n"


def folder(tmp_path: Path, *files: str, cells: str = CELLS) -> Path:
    root = tmp_path / "data"
    root.mkdir(parents=True, exist_ok=True)
    (root / "cells.csv").write_text(cells, encoding="utf-8")
    for name in files:
        shutil.copy(PM / name, root / name)
    return root


def test_the_32435_annex_example_in_both_forms_and_the_32401_example_give_the_same_cell_rows(tmp_path):
    tables = {}
    for name in ("spec_32435_list.xml", "spec_32435_indexed.xml", "spec_32401_mdc.xml"):
        kpi = load_dataset(folder(tmp_path / name, name))["cell_kpi"]
        tables[name] = kpi[["start_time", "cell", "period_min", "tch_attempts", "tch_seizures", "call_attempts"]]
    listed = tables["spec_32435_list.xml"]
    # endTime 14:14:30+02:00 - PT900S = 13:59:30 wall clock (the offset dropped); Gbg-999 is suspect: left out
    assert list(listed["cell"]) == ["Gbg-997", "Gbg-998"]
    assert set(listed["start_time"]) == {pd.Timestamp("2000-03-01 13:59:30")} and set(listed["period_min"]) == {15}
    assert list(listed["tch_attempts"]) == [234, 890] and list(listed["tch_seizures"]) == [345, 901]
    assert list(listed["call_attempts"]) == [567, 123]  # attImmediateAssignProcs (52.402 spells it Assing)
    for other in ("spec_32435_indexed.xml", "spec_32401_mdc.xml"):
        pd.testing.assert_frame_equal(tables[other], listed)


def test_a_vendor_file_of_several_blocks_and_granularities(tmp_path):
    dataset = load_dataset(folder(tmp_path, "vendor_bsc.xml.gz"))
    kpi = dataset["cell_kpi"].set_index(["cell", "start_time"])
    at_14 = kpi.loc[("Gbg-997", pd.Timestamp("2026-11-20 14:00"))]
    assert (at_14["tch_attempts"], at_14["tch_seizures"], at_14["tch_drops"], at_14["call_attempts"]) == (120, 118, 3, 300)
    assert at_14["tch_available"] == 14.5 and at_14["period_min"] == 15
    # the hourly block of Gbg-997 (and of the cell named by its CGI 460-00-4101-20043, Gbg-998) overlaps its quarters
    flag = next(f for f in dataset.flags if f["check"] == "two granularities")
    assert flag["rows"] == 2
    assert set(dataset["cell_kpi"]["period_min"]) == {15}
    assert "Market, East" in set(dataset["cell_kpi"]["cell"])  # an escaped comma in the LDN, not configured: flagged
    assert any(f["check"] == "unknown cell" and f["example"] == "Market, East" for f in dataset.flags)


def day_of_files(root: Path, bscs: int = 2, cells: int = 3, periods: int = 4) -> pd.DataFrame:
    """One gzipped measCollec file per BSC and 15-minute period; returns what was written."""
    rng = np.random.default_rng(1)
    written = []
    for bsc in range(bscs):
        for period in range(periods):
            start = pd.Timestamp("2026-11-20") + pd.Timedelta(minutes=15 * period)
            frame = pd.DataFrame({
                "object": [f"SubNetwork=1,ManagedElement=BSC{bsc},BtsSiteMgr={i},GsmCell=C{bsc}{i}" for i in range(cells)],
                "start_time": start, "period_min": 15,
                "attTCHSeizures": rng.integers(50, 100, cells).astype(float),
                "nbrOfLostRadioLinksTCH": rng.integers(0, 5, cells).astype(float),
                "unknownCounter": 1.0,
            })
            write_meas_collec(frame, root / f"A{start:%Y%m%d.%H%M}+0800-BSC{bsc}.xml", sender=f"ManagedElement=BSC{bsc}",
                              counters={"TCH": ["attTCHSeizures", "nbrOfLostRadioLinksTCH"], "OTHER": ["unknownCounter"]})
            written.append(frame.assign(cell=[f"C{bsc}{i}" for i in range(cells)]))
    return pd.concat(written, ignore_index=True)


def cells_of(frame: pd.DataFrame) -> str:
    return "cell,bsc\n" + "".join(f"{c},B\n" for c in sorted(set(frame["cell"])))


def test_many_gzipped_files_a_day_give_every_cell_and_period_once(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    written = day_of_files(root)
    (root / "cells.csv").write_text(cells_of(written), encoding="utf-8")
    dataset = load_dataset(root)
    kpi = dataset["cell_kpi"].sort_values(["start_time", "cell"]).reset_index(drop=True)
    expected = written.sort_values(["start_time", "cell"]).reset_index(drop=True)
    assert len(kpi) == len(expected) == 2 * 3 * 4
    assert list(kpi["tch_attempts"]) == list(expected["attTCHSeizures"].astype(int))
    assert list(kpi["tch_drops"]) == list(expected["nbrOfLostRadioLinksTCH"].astype(int))
    assert not dataset.flags
    report = next(r for r in dataset.reports if r.path.endswith("BSC0.xml.gz"))
    assert report.format == "3GPP TS 32.435 measCollec XML" and report.rows == 3
    assert report.columns == {"measObjLdn": "cell", "attTCHSeizures": "tch_attempts", "nbrOfLostRadioLinksTCH": "tch_drops"}
    # a block of no table: listed, not dropped silently; once for the run (a day is thousands of files), and in each file's report
    others = [note for note in dataset.notes if "OTHER" in note]
    assert others == ["PM XML: blocks OTHER give no table (their counters: unknownCounter) in 8 files; 24 object rows left out"]
    assert any("unknownCounter" in note and "3 object rows left out" in note for note in report.notes)


def test_pm_files_in_a_zip_and_the_same_file_twice(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    written = day_of_files(tmp_path, bscs=1, periods=2)
    (root / "cells.csv").write_text(cells_of(written), encoding="utf-8")
    with zipfile.ZipFile(root / "pm_day.zip", "w") as archive:
        for path in sorted(tmp_path.glob("*.xml.gz")):
            archive.writestr(path.name[:-3], gzip.decompress(path.read_bytes()))  # plain .xml members
    first = sorted(tmp_path.glob("*.xml.gz"))[0]
    shutil.copy(first, root / ("again_" + first.name))
    dataset = load_dataset(root)
    assert len(dataset["cell_kpi"]) == 3 * 2
    flag = next(f for f in dataset.flags if f["check"] == "period reported twice")
    assert flag["rows"] == 3 and flag["kept"] == "again_" + first.name and flag["left_out"].startswith("pm_day.zip!")
    totals = dataset["cell_kpi"]["tch_attempts"].sum()
    assert totals == written["attTCHSeizures"].sum()  # counted once


def test_trx_objects_give_trx_statistics(tmp_path):
    root = folder(tmp_path, cells="cell,bsc\nX,B\n")
    frame = pd.DataFrame({"object": ["ManagedElement=B,GsmCell=X,Trx=1", "ManagedElement=B,GsmCell=X,Trx=2"],
                          "start_time": pd.Timestamp("2026-11-20 10:00"), "period_min": 60,
                          "tch_seizures": [10.0, 12.0], "tch_drops": [0.0, 3.0]})
    write_meas_collec(frame, root / "trx.xml", counters=["tch_seizures", "tch_drops"], gzip=False)
    trx = load_dataset(root)["trx_kpi"]
    assert list(trx["cell"]) == ["X", "X"] and list(trx["trx"]) == ["1", "2"] and list(trx["tch_drops"]) == [0, 3]


def test_files_that_give_no_table_are_listed_with_their_reason(tmp_path):
    root = folder(tmp_path, "bulk_cm.xml")
    frame = pd.DataFrame({"object": ["GsmCell=Gbg-997"], "start_time": pd.Timestamp("2026-11-20"), "period_min": 15,
                          "vendorThing": [1.0]})
    write_meas_collec(frame, root / "odd.xml", counters=["vendorThing"], gzip=False)
    read = read_folder(root)
    skipped = {Path(s.path).name: s for s in read.skipped}
    # (a Bulk CM dump is read since issue 13: this one holds no cell)
    assert skipped["bulk_cm.xml"].why == EMPTY_DUMP and "without any GSM cell" in skipped["bulk_cm.xml"].message
    assert skipped["odd.xml"].why == NO_COUNTERS and skipped["odd.xml"].detail == ["vendorThing"]


def test_a_broken_pm_file_stops_a_run_and_is_listed_by_an_inspection(tmp_path):
    root = folder(tmp_path, "malformed.xml", "spec_32435_list.xml")
    with pytest.raises(DataError, match=r"malformed.xml:11: malformed XML"):
        load_dataset(root)
    read = read_folder(root, keep_going=True)
    broken = next(s for s in read.skipped if s.why == ERROR)
    assert broken.path.endswith("malformed.xml") and "malformed XML" in broken.message
    assert "cell_kpi" in read.tables  # the good file still read


def test_pm_files_are_streamed_by_the_thread_that_reads_the_folder(tmp_path, monkeypatch):
    """Reading a PM file holds the GIL: done in the reading thread, a file is no hand-over between
    two threads (each a wake-up and the GIL passed), while the other thread recognises the next file."""
    import threading

    from netdiag.io.pm_tables import PmTables

    threads = []
    read = PmTables.read

    def recording(self, part):
        threads.append(threading.current_thread())
        return read(self, part)

    monkeypatch.setattr(PmTables, "read", recording)
    kpi = read_folder(folder(tmp_path, "spec_32435_list.xml", "spec_32401_mdc.xml")).tables["cell_kpi"]
    assert threads == [threading.current_thread()] * 2 and len(kpi)


def test_after_a_pm_file_the_next_file_is_looked_at_without_a_hand_over(tmp_path):
    """Items are worked out one ahead in a thread, except after one the caller works on holding the
    GIL (a PM file, the end of a file): then in the caller's thread, in order, errors where they stand."""
    import threading

    from netdiag.io.readahead import read_ahead as _read_ahead

    made_in = {}

    def items():
        for i in range(6):
            made_in[i] = threading.current_thread()
            if i == 5:
                raise DataError("item 5 is broken")
            yield i

    got = []
    with pytest.raises(DataError, match="item 5"):
        for item in _read_ahead(items(), lambda i: i % 2 == 0, lambda i: False):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]
    main = threading.current_thread()
    assert [made_in[i] is main for i in range(1, 6)] == [False, True, False, True, False]  # (after 0, 2, 4: ahead)


def test_entity_declarations_are_refused(tmp_path):
    root = folder(tmp_path, "entity_bomb.xml")
    with pytest.raises(DataError, match="refused: the DTD declares entities"):
        load_dataset(root)


def test_files_of_the_same_blocks_get_reports_of_their_own(tmp_path):
    """What a kind of block says of its columns is worked out once; each file's report is its own."""
    root = folder(tmp_path, "spec_32435_list.xml")
    shutil.copy(PM / "spec_32435_list.xml", root / "again.xml")
    reports = [r for r in read_folder(root).reports if r.table == "cell_kpi"]
    assert len(reports) == 2 and reports[0].columns == reports[1].columns and reports[0].counters == reports[1].counters
    assert {Path(r.path).name for r in reports} == {"spec_32435_list.xml", "again.xml"}
    before = {key: value.copy() for key, value in reports[1].counters.items()}
    assert any(before.values())
    reports[0].columns["x"] = "y"
    reports[0].ignored_columns.append("z")
    for value in reports[0].counters.values():
        value.clear()
    assert "x" not in reports[1].columns and "z" not in reports[1].ignored_columns and reports[1].counters == before
