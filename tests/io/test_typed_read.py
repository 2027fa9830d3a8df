"""Reading a file typed (typedread) gives exactly what reading its strings gives, or declines.

Every file here is read twice, the usual way (typed where it can) and with typed reading switched
off, and the two frames and reports must be identical: same columns, dtypes, values (and Python
types of text), rejected rows, footers and lines.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import delimited_files

from netdiag.io import readers
from netdiag.errors import DataError
from netdiag.io.parsing import parse_text
from netdiag.io.schema import FLAG, FLOAT, INT, PCT, TABLES, TEXT, TIME
from netdiag.io.sources import data_files

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "network"
NAME = "typed/export.csv"


def read(raw: bytes, table: str | None, typed: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, bool]:
    """(frame and report, or the error's text; whether the typed read was used)."""
    used = []

    def spy(*args):
        result = original(*args)
        used.append(result is not None)
        return result

    original = readers._from_typed
    with monkeypatch.context() as patch:
        patch.setattr(readers, "_from_typed", spy)
        if not typed:
            patch.setattr(readers, "read_typed", lambda *args: None)
        try:
            frame, report = readers.read_raw(parse_text(raw, NAME), NAME, table)
        except DataError as error:
            return f"{type(error).__name__}: {error}", False
    return (frame, report.__dict__), any(used)


def assert_same(raw: bytes, table: str | None, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The file reads the same both ways; True when the typed read was used."""
    typed, used = read(raw, table, True, monkeypatch)
    strings, _ = read(raw, table, False, monkeypatch)
    if isinstance(strings, str) or isinstance(typed, str):
        assert typed == strings
        return used
    (frame, report), (expected, expected_report) = typed, strings
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)
    for column in frame.columns:
        if frame[column].dtype == object:
            assert frame[column].map(type).tolist() == expected[column].map(type).tolist(), column
    assert report == expected_report
    return used


@pytest.mark.parametrize("path", data_files(SAMPLE), ids=lambda p: p.name)
def test_sample_files_read_typed_as_they_read_from_strings(path, monkeypatch):
    used = assert_same(path.read_bytes(), None if path.name != "truth.csv" else "cells", monkeypatch)
    assert used or path.name == "truth.csv"


NULLS = ["", "NIL", "-", "N/A", "--", "null"]


def clean_value(kind: str) -> st.SearchStrategy[str]:
    """Values close to clean: mostly what the typed read takes, now and then what it must decline."""
    number = st.integers(0, 10**6).map(str)
    clean, odd = {
        INT: (number, ["1.0", "1e3", "+5", "007", " 42", "42 ", "\t8", "-3", "2.5", "9007199254740993", "1e20", "nan"]),
        FLOAT: (st.floats(-1e5, 1e5, allow_nan=False).map(lambda x: f"{x:.2f}"),
                ["-0", ".5", "5.", "1E3", "1e400", "nan", "-inf", " 3.5 ", "\u30003"]),
        PCT: (st.floats(0, 100, allow_nan=False).map(lambda x: f"{x:.1f}"), ["12.5%", "-1"]),
        TIME: (st.sampled_from(["2026-11-20 14:00", "2026-11-20 15:00", "2026-11-20 14:00:30"]),
               ["20/11/2026 14:00", "2026/11/20", " 2026-11-20 16:00 ", "2026-11-20T14:00", "x"]),
        TEXT: (st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True),
               ["光谷1", " S1 ", "Total", "合计", "Total Plaza", "\xa0S2"]),
        FLAG: (st.sampled_from(["1", "0", "true", "NO", "BARRED", "on"]), ["2", "maybe", " yes "]),
    }[kind]
    return st.one_of(*[clean] * 12, st.sampled_from(NULLS), st.sampled_from([*odd, " ", " NIL "]))


@st.composite
def nearly_clean_files(draw):
    """(bytes, table) of a file most of whose values read typed: a real header and plain values."""
    table = draw(st.sampled_from(sorted(name for name in TABLES if name != "complaints")))
    spec = TABLES[table]
    columns = list(spec.keys) + draw(st.lists(st.sampled_from(spec.column_names), max_size=8, unique=True))
    columns = list(dict.fromkeys(columns))
    if draw(st.integers(0, 5)) == 0:
        columns.append("remark")  # a column of no table
    kinds = [spec.column_map[c].kind if c in spec.column_map else TEXT for c in columns]
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    rows = draw(st.lists(st.tuples(*(clean_value(k) for k in kinds)), min_size=1, max_size=12))
    lines = [delimiter.join(columns)] + [delimiter.join(r) for r in rows]
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["Total", "合计", ""])) + delimiter * (len(columns) - 1))  # a footer
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # a blank line, a row of the wrong width, a quoted value
        extra = draw(st.sampled_from(["", "x", delimiter.join('"' + c + '"' for c in columns)]))
        lines.insert(draw(st.integers(1, len(lines))), extra)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030"]))
    return text.encode(encoding), draw(st.sampled_from([None, table]))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(nearly_clean_files())
def test_nearly_clean_files_read_typed_as_they_read_from_strings(case):
    raw, table = case
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same(raw, table, monkeypatch)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(delimited_files())
def test_random_delimited_files_read_typed_as_they_read_from_strings(case):
    raw, table = case
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same(raw, table, monkeypatch)


@pytest.mark.parametrize(
    "text, typed",
    [
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n2026-11-20 14:00,A2,NIL\n", True),
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1, 3\n2026-11-20 14:00,A2,\n", True),
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,1.0\n2026-11-20 14:00,A2,1e3", True),
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,2.5\n", False),  # not a whole number: a rejected row
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,-3\n2026-11-20 14:00,A2,3\n", False),  # negative counter
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,1,234\n", False),  # a row of the wrong width
        ("start_time,cell,tch_drops\n2026-11-20 14:00,,3\n2026-11-20 14:00,A2,3\n", True),  # no cell: a footer
        ("start_time,cell,tch_drops\nNIL,A1,3\n2026-11-20 14:00,A2,3\n", False),  # no time: a rejected row
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n\n2026-11-20 14:00,A2,3\n", True),  # blank line
        ('start_time,cell,tch_drops\n2026-11-20 14:00,"A1",3\nTotal,,6\n', True),  # quotes, a footer
        ("start_time,cell,tch_drops\n2026-11-20T14:00,A1,3\n", True),  # a time the careful path reads
        ("start_time,cell,rxlev_dl_avg,bad_quality_good_level_pct\n2026-11-20 14:00,A1,-75,2.5%\n", False),
        ("date,time,cell,tch_drops\n2026-11-20,14:00,A1,3\n", False),  # the time key from two columns
        ("cell,paging_barred,repeater\nA1,BARRED,0\nA2,unbarred,yes\n", True),
        ("cell,lac\nA1,100000000000000000\n", False),  # beyond what float64 holds exactly
        ("bsc,pcm,ts,bsc_state\nBSC1,1,,busy\nBSC1,1,2,busy\n", False),  # an empty numeric key
        ("bsc,pcm,ts,bsc_state\nBSC1,1,2,busy\n,,,\n", True),  # an empty footer row
        # values beyond bounds: their rows left out typed, the reasons naming them as written
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n2026-11-20 14:00,A2,2e9\n2026-11-20 14:00,A3,4\n", True),
        ("start_time,cell,period_min,unavailable_s\r\n2026-11-20 14:00,A1,60,4000\r\n2026-11-20 14:00,A2,60,30\r\n", True),
        ('start_time,cell,tch_drops\n2026-11-20 14:00,"A,1",1e10\n\n2026-11-20 14:00,A2,3\nTotal,,6\n', True),
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n2026-11-20 14:00,A2,1e10\n2026-11-20 14:00,A1,3\n", True),
        ("start_time,cell,tch_drops\n2026-11-20 14:00,A1,2e9\n", False),  # nothing left: the file is wrong
        ("start_time,cell,tch_drops,tch_seizures\n2026-11-20 14:00,A1,3,1.5e1\nTotal,,-5,15\n", True),  # a footer below zero
        ("start_time,cell,tch_drops\r2026-11-20 14:00,A1,3\r2026-11-20 14:00,A2,2e9\r", False),  # lone CR lines
        ("start_time,cell,tch_drops\n2026-09-01 14:00,A1,3\n2026-11-20 14:00,A2,5\n2026-11-20 15:00,A2,5\n"
         "2026-11-20 16:00,A2,5\n2026-11-20 17:00,A2,5\n2026-11-20 18:00,A2,5\n2026-11-20 19:00,A2,5\n"
         "2026-11-20 20:00,A2,5\n2026-11-20 21:00,A2,5\n2026-11-20 22:00,A2,5\n2026-11-20 23:00,A2,5\n", True),  # a stray time
    ],
)
def test_what_reads_typed_and_what_declines(text, typed, monkeypatch):
    assert assert_same(text.encode(), None, monkeypatch) == typed


def test_rows_beyond_bounds_left_out_typed_keep_their_codes_as_factorizing_would(tmp_path):
    """A file read typed with a row beyond bounds: the row is left out, the reason names the value
    as written (2E9, not 2000000000.0), and the cell codes handed on cover only the rows kept."""
    from netdiag.io.folder import read_folder

    (tmp_path / "cell_kpi.csv").write_text(
        "start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n2026-11-20 14:00,GONE,2E9\n2026-11-20 14:00,A3,4\n")
    read = read_folder(tmp_path)
    assert read.reports[0].rejected == [(3, "column tch_drops: 2E9 is beyond 1000000000 (what any object counts in a period), no real value")]
    code, values = read.factorized[("cell_kpi", "cell")]
    assert list(values[code]) == read.tables["cell_kpi"]["cell"].tolist() == ["A1", "A3"]
    assert "GONE" not in list(values)


def test_numeric_columns_are_converted_where_the_file_is_read_keys_and_doubtful_ones_later():
    """start_reading (the reading thread) converts the numeric columns that convert as they are;
    keys, text, and a column a footer row may spoil wait for finish_reading (the caller)."""
    text = "start_time,cell,tch_drops,tch_seizures,tch_traffic_erl\n2026-11-20 14:00,A1,3,10,1.5\nTotal,,-5,10,1.5\n"
    reading = readers.start_reading(parse_text(text.encode(), NAME), NAME)
    assert set(reading.typed.numbers) == {"tch_seizures", "tch_traffic_erl"}
    assert set(reading.typed.columns) == {"start_time", "cell", "tch_drops"}  # (-5: only the footer says so)
    assert all(isinstance(reading.typed.columns[c], pa.DictionaryArray) for c in ("start_time", "cell"))  # encoded there too
    frame, report, _ = readers.finish_reading(reading)
    assert list(frame.columns[:5]) == ["start_time", "cell", "tch_drops", "tch_seizures", "tch_traffic_erl"]
    assert frame["tch_drops"].tolist() == [3] and frame["tch_seizures"].tolist() == [10] and report.footer_rows == 1


def test_an_encoded_column_keeps_only_the_distinct_strings_its_kept_rows_use():
    import numpy as np

    from netdiag.io.arrowconvert import distinct, encoded, kept_rows

    column = encoded(pa.chunked_array([["2026-11-20 14:00", "Total"], ["2026-11-20 15:00", "2026-11-20 14:00"]]))
    kept = kept_rows(column, np.array([True, False, True, True]))
    values, rows = distinct(kept)
    assert values.to_pylist() == ["2026-11-20 14:00", "2026-11-20 15:00"] and rows.tolist() == [0, 1, 0]
    assert kept_rows(column, np.ones(4, dtype=bool)).dictionary.equals(column.dictionary)


DECLINED = (  # reads typed, then a negative counter sends it back to its strings: read again
    "start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n2026-11-20 14:00,A2,-3\n2026-11-20 15:00,A1,4\n"
).encode()


def _written(tmp_path: Path, kind: str) -> Path:
    import gzip
    import zipfile

    if kind == "csv":
        (tmp_path / "cell_kpi.csv").write_bytes(DECLINED)
        return tmp_path / "cell_kpi.csv"
    if kind == "gz":
        (tmp_path / "cell_kpi.csv.gz").write_bytes(gzip.compress(DECLINED))
        return tmp_path / "cell_kpi.csv.gz"
    with zipfile.ZipFile(tmp_path / "kpi.zip", "w") as archive:
        archive.writestr("cells.csv", "cell,lac\nA1,1\n")
        archive.writestr("cell_kpi.csv", DECLINED)
    return tmp_path / "kpi.zip"


@pytest.mark.parametrize("kind", ["csv", "gz", "zip"])
@pytest.mark.parametrize("later", [False, True], ids=["while-iterating", "after-iterating"])
def test_a_text_let_go_is_read_again_from_its_file_when_reading_typed_declines(tmp_path, kind, later):
    from netdiag.io.sources import iter_raw

    path = _written(tmp_path, kind)
    parts = iter_raw(path)
    if later:  # every part parsed first: a zip archive is closed by the time its members are read
        parts = list(parts)
    results = []
    for name, raw in parts:
        frame, report = readers.read_raw(raw, name)
        results.append((frame, report))
        if report.table == "cell_kpi":
            assert raw.utf8 is None and raw.reload is not None  # let go once its strings were read
    frame, report = results[-1]
    assert report.rejected == [(3, "column tch_drops: '-3' is negative")]
    assert frame["cell"].tolist() == ["A1", "A1"] and frame["tch_drops"].tolist() == [3, 4]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(nearly_clean_files(), st.sampled_from([7, 64, 1 << 20]))
def test_a_file_scanned_in_pieces_reads_as_its_bytes_do(case, piece):
    """parse_file (ASCII files scanned a piece at a time, read by pyarrow from the disk) and
    parse_text (the bytes in memory) find the same header, line breaks, frame and report."""
    import tempfile

    from netdiag.io import parsing

    raw, table = case
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(parsing, "_PIECE", piece)  # (a \r\n cut in two, a quote in the second piece)
        path = Path(folder) / "export.csv"
        path.write_bytes(raw)
        results = []
        for parse in (lambda: parsing.parse_file(path, NAME), lambda: parse_text(raw, NAME)):
            try:
                parsed = parse()
                breaks = parsed.line_breaks()
                frame, report = readers.read_raw(parsed, NAME, table)
                results.append((breaks, parsed.headers, parsed.encoding, frame, report.__dict__))
            except DataError as error:
                results.append(str(error))
        scanned, in_memory = results
        if isinstance(in_memory, str) or isinstance(scanned, str):
            assert scanned == in_memory
            return
        assert scanned[:3] == in_memory[:3] and scanned[4] == in_memory[4]
        pd.testing.assert_frame_equal(scanned[3], in_memory[3], check_exact=True)
