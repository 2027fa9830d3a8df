"""The reader layer against exports as they really arrive (tests/corpus, written by make_corpus.py).

Each corpus file must read to the right table with the right values; rows that cannot be used are
skipped and reported with their physical line; data problems are flagged; a file nobody can use is
refused with one line naming it. Files under corpus/edge_cases/ once broke the readers: each test
there says what went wrong (a bug found later gets a strict xfail test until it is fixed).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from netdiag import DataError, load_dataset
from netdiag.cli.app import app
from netdiag.errors import NetdiagError, UnknownTable
from netdiag.io.readers import read_raw
from netdiag.io.recognise import identify_table
from netdiag.io.schema import FLAG, FLOAT, INT, PCT, TABLES, TEXT, TIME
from netdiag.io.sources import iter_raw

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GOOD_FOLDERS = ["huawei", "alcatel", "ericsson", "archives", "mapped", "flags"]
runner = CliRunner()

T = pd.Timestamp


def parts(path: Path, encoding: str | None = None):
    """iter_raw, with a part that is no known table raised as its UnknownTable."""
    for name, raw in iter_raw(path, encoding):
        if isinstance(raw, Exception):
            raise raw
        yield name, raw


def read_all(path: Path, table: str | None = None, encoding: str | None = None):
    """[(name, frame, report)] for every table-like thing in a file (the file, its members, its sheets)."""
    return [(name, *read_raw(raw, name, table)) for name, raw in parts(path, encoding)]


def read_one(path: Path, table: str | None = None):
    items = read_all(path, table)
    assert len(items) == 1, [name for name, _, _ in items]
    return items[0][1], items[0][2]


def assert_canonical(frame: pd.DataFrame, table: str) -> None:
    """Canonical columns only, each of the dtype its kind says."""
    spec = TABLES[table]
    assert set(frame.columns) <= set(spec.column_names), set(frame.columns) - set(spec.column_names)
    expected = {TEXT: "object", INT: "Int64", FLOAT: "float64", PCT: "float64", FLAG: "boolean", TIME: "datetime64[ns]"}
    for column in frame.columns:
        assert str(frame[column].dtype) == expected[spec.column_map[column].kind], (column, frame[column].dtype)


def values(series: pd.Series) -> list:
    """A column as plain values, NA/NaN/NaT/None all as None (for exact comparisons)."""
    return [None if pd.isna(v) else v for v in series.tolist()]


def one_line(message: str) -> bool:
    return "\n" not in message and "Traceback" not in message


def invoke(*args: str):
    return runner.invoke(app, list(args))


def clean_run(result) -> bool:
    """No traceback and no exception other than the CLI's own exit."""
    text = result.stdout + result.stderr
    return "Traceback" not in text and (result.exception is None or isinstance(result.exception, SystemExit))


# ------------------------------------------------------------------------------------- corpus sync
def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _content(path: Path):
    """What a corpus file holds, independent of the zlib build and openpyxl version."""
    data = path.read_bytes()
    if path.suffix == ".gz" and data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if path.suffix == ".xlsx" and data[:2] == b"PK":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return [(s.title, [list(r) for r in s.iter_rows(values_only=True)]) for s in book.worksheets]
    return data


def test_the_committed_corpus_is_what_make_corpus_writes(tmp_path):
    _load_generator().main(tmp_path)
    committed = {p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS}
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert committed == written
    for relative in sorted(written):
        assert _content(CORPUS / relative) == _content(tmp_path / relative), relative


# ------------------------------------------------------------------------------------------ huawei
def test_huawei_prs_report_below_its_preamble_with_units_missing_values_and_footer():
    frame, report = read_one(CORPUS / "huawei" / "PRS_GCELL_20261120.csv")
    assert (report.table, report.encoding, report.delimiter, report.header_line) == ("cell_kpi", "utf-8", ";", 7)
    assert (report.rows, report.footer_rows, report.rejected) == (6, 1, [])
    assert report.ignored_columns == ["掉话率 (%)"]
    assert report.time_range == ("2026-11-20 14:00:00", "2026-11-20 15:00:00")
    assert_canonical(frame, "cell_kpi")
    assert "合计" not in set(frame["cell"])
    assert values(frame["cell"]) == ["光谷1", "光谷2", "光谷3", "光谷1", "光谷2", "光谷3"]
    assert values(frame["start_time"]) == [T("2026-11-20 14:00")] * 3 + [T("2026-11-20 15:00")] * 3
    assert values(frame["period_min"]) == [60] * 6
    # thousands separators; NIL and /0 are missing
    assert values(frame["tch_attempts"]) == [1234, None, 310, 1100, 0, 298]
    assert values(frame["sdcch_attempts"]) == [2345, None, 400, 2100, 0, 390]
    assert values(frame["tch_drops"]) == [12, None, None, 9, 0, 3]
    assert values(frame["tch_traffic_erl"]) == [30.5, None, 8.25, 28.0, 0.0, 8.0]
    # 12.5% is 12.5; '-' is missing; N/A is missing; dBm may be negative
    assert values(frame["bad_quality_good_level_pct"]) == [12.5, None, None, 11.0, 0.0, 3.5]
    assert values(frame["rxlev_dl_avg"]) == [-78.0, None, -85.0, -79.0, None, -84.0]


def test_gbk_cells_with_chinese_headers_and_crlf():
    frame, report = read_one(CORPUS / "huawei" / "cells_gbk.csv")
    assert (report.table, report.encoding, report.delimiter, report.rows) == ("cells", "gb18030", ",", 4)
    assert set(report.columns.values()) == {"cell", "bsc", "msc", "site", "lac", "ci", "bcch", "bsic", "lat", "lon",
                                            "azimuth", "trx_count", "max_ta", "repeater"}
    assert_canonical(frame, "cells")
    assert values(frame["cell"]) == ["光谷1", "光谷2", "光谷3", "汉口1"]
    assert values(frame["site"]) == ["武汉光谷站"] * 3 + ["汉口火车站"]
    assert values(frame["lac"]) == [4101, 4101, 4101, 4102] and values(frame["bcch"]) == [62, 66, 70, 64]
    assert values(frame["lat"]) == [30.5052] * 3 + [30.619]
    assert values(frame["trx_count"]) == [2, 4, 2, 3]
    assert values(frame["repeater"]) == [False, False, True, False]
    assert values(frame["bsic"]) == ["53", "03", "7", "45"]  # as written; split in the dataset


def test_huawei_folder_bsic_split_and_cells_known_across_encodings():
    ds = load_dataset(CORPUS / "huawei")
    cells = ds["cells"].set_index("cell")
    assert cells[["ncc", "bcc"]].astype(int).values.tolist() == [[5, 3], [0, 3], [0, 7], [4, 5]]
    # the GB18030 cell names and the UTF-8 (BOM) statistics name the same cells
    assert not [f for f in ds.flags if f["check"] == "unknown cell"]
    assert len(ds["cell_kpi"]) == 6 and set(ds["cell_kpi"]["period_min"]) == {60}


def test_huawei_alarms_chinese_names_severities_and_decorated_objects():
    frame, report = read_one(CORPUS / "huawei" / "alarms_huawei.csv")
    assert (report.table, report.encoding, report.rows) == ("alarms", "gb18030", 6)
    assert set(report.ignored_columns) == {"告警流水号", "定位信息"}
    assert values(frame["severity"]) == ["紧急", "重要", "重要", "次要", "重要", "提示"]
    assert values(frame["cleared_at"]) == [None, T("2026-11-20 10:45"), T("2026-11-20 11:05"), None, None, None]
    alarms = load_dataset(CORPUS / "huawei")["alarms"]
    assert values(alarms["alarm_class"]) == ["vswr", "cell_down", "transmission", "clock", "trx_down", "unknown"]
    assert values(alarms["bsc"]) == ["BSC01"] * 6
    assert values(alarms["site"]) == ["武汉光谷站", "武汉光谷站", "汉口火车站", None, "武汉光谷站", "武汉光谷站"]
    assert values(alarms["cell"]) == ["光谷1", "光谷2", None, None, "光谷1", None]
    assert values(alarms["trx"]) == [None, None, None, None, "2", None]
    assert values(alarms["component"]) == ["ANT1", None, None, None, "TRX2", None]


def test_huawei_unknown_alarm_is_flagged_not_dropped():
    ds = load_dataset(CORPUS / "huawei")
    assert {"table": "alarms", "check": "unknown alarm", "rows": 1, "example": "量子纠缠异常告警"} in ds.flags
    assert len(ds["alarms"]) == 6


def test_daily_180_report_mixes_rows_by_neighbour_and_by_bcch_bsic():
    frame, report = read_one(CORPUS / "huawei" / "180_BSC01_20261120.csv")
    assert report.table == "adjacency_ho"
    assert_canonical(frame, "adjacency_ho")
    assert values(frame["start_time"]) == [T("2026-11-20")] * 4  # Date only, day first
    assert values(frame["cell"]) == ["光谷1", "光谷1", "光谷2", "光谷2"]
    assert values(frame["neighbour"]) == ["光谷2", None, "光谷1", None]
    assert values(frame["nb_bcch"]) == [None, 64, None, 99]
    assert values(frame["nb_bsic"]) == [None, "45", None, "07"]
    assert values(frame["ho_attempts"]) == [120, 30, 80, 15] and values(frame["ho_drops"]) == [1, 0, 0, 5]
    ds = load_dataset(CORPUS / "huawei")
    assert values(ds["adjacency_ho"]["period_min"]) == [1440] * 4  # one period per relation: a day
    assert len(ds["adjacency_ho"]) == 4  # rows told apart by their target, not taken for duplicates
    assert {"table": "adjacency_ho", "check": "ho_success > ho_attempts", "rows": 1,
            "example": "光谷2 2026-11-20 00:00:00"} in ds.flags


# ----------------------------------------------------------------------------------------- alcatel
def test_tab_separated_cells_with_flags_and_negative_coordinates():
    frame, report = read_one(CORPUS / "alcatel" / "cells.tsv")
    assert (report.table, report.delimiter, report.rows) == ("cells", "\t", 3)
    assert values(frame["paging_barred"]) == [False, True, False]
    assert values(frame["lat"]) == [-1.2921, -1.2921, -1.3]


def test_pipe_separated_statistics_with_day_first_times():
    frame, report = read_one(CORPUS / "alcatel" / "cell_kpi_BSC02.txt")
    assert (report.table, report.delimiter, report.rows, report.rejected) == ("cell_kpi", "|", 6, [])
    # 05/11/2026 is 5 November, not 11 May; seconds are optional
    assert values(frame["start_time"]) == [T("2026-11-05 14:00")] * 3 + [T("2026-11-05 15:00")] * 3
    assert values(frame["unavailable_s"]) == [0.0, 0.0, 3600.0, 0.0, 0.0, 3600.0]
    assert values(frame["tch_seizures"]) == [396, 199, 0, 405, 185, 0]


def _header(path: Path, delimiter: str) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split(delimiter)


def test_018_report_recognised_by_prefix_and_by_its_counters_when_its_header_fits_circuit_states_as_well():
    path = CORPUS / "alcatel" / "018_BSC02_20261105.csv"
    # bsc, pcm, ts, bsc_state, msc_state name the circuit states as well; but NB_SEIZURES is a counter
    # of the 018 report, and a file carrying counters is the table of its counters
    assert identify_table(_header(path, ","), "BSC02_20261105.csv") == "a_circuits"
    frame, report = read_one(path)
    assert report.table == "a_circuits"
    assert_canonical(frame, "a_circuits")
    assert {"BSC_STATE", "MSC_STATE"} <= set(report.ignored_columns)
    assert values(frame["start_time"]) == [T("2026-11-05")] * 4  # a Date column only, day first
    assert values(frame["bsc"]) == ["BSC02"] * 4 and values(frame["pcm"]) == [3] * 4
    assert values(frame["ts"]) == [1, 2, 3, 4] and values(frame["seizures"]) == [40, 0, 38, 41]


def test_180_report_recognised_by_prefix_when_its_header_looks_like_cell_statistics():
    path = CORPUS / "alcatel" / "180_BSC02_20261105.csv"
    # HO_OUT_ATTEMPTS/HO_OUT_SUCCESS are cell_kpi columns: by its header alone, cell statistics.
    # (Should they become adjacency_ho aliases, this header is no longer ambiguous: pick another.)
    assert identify_table(_header(path, "|"), "BSC02_20261105.csv") == "cell_kpi"
    frame, report = read_one(path)
    assert report.table == "adjacency_ho"
    assert values(frame["cell"]) == ["AL_C1", "AL_C2"] and values(frame["neighbour"]) == ["AL_C2", "AL_C1"]
    assert values(frame["start_time"]) == [T("2026-11-05")] * 2


def test_025_report_with_separate_english_date_and_time_columns():
    frame, report = read_one(CORPUS / "alcatel" / "025_BSC02_20261105.csv")
    assert report.table == "sccp"
    assert values(frame["start_time"]) == [T("2026-11-05 14:00"), T("2026-11-05 15:00")]
    assert values(frame["cr_sent"]) == [10000, 9800] and values(frame["cc_received"]) == [9650, 9500]
    assert values(frame["cref_received"]) == [120, 110]


def test_alcatel_alarms_with_decorated_managed_objects():
    alarms = load_dataset(CORPUS / "alcatel")["alarms"]
    assert values(alarms["alarm_class"]) == ["cell_down", "trx_down", "transmission", "vswr", "bcch_reconfigured",
                                             "unknown"]
    assert values(alarms["raised_at"])[0] == T("2026-11-05 13:58:10")  # day first
    assert values(alarms["cleared_at"])[1] == T("2026-11-05 14:30")
    assert values(alarms["bsc"]) == ["BSC02"] * 6
    assert values(alarms["site"]) == ["S0022", "S0021", "S0021", "S0021", None, "S0021"]
    assert values(alarms["cell"]) == ["AL_C3", "AL_C1", None, "AL_C2", None, None]
    assert values(alarms["trx"]) == [None, "2", None, None, None, None]
    assert values(alarms["alarm_code"])[0] == "2010" and values(alarms["probable_cause"])[2] == "LOS"


# ---------------------------------------------------------------------------------------- ericsson
def test_utf8_bom_cells():
    frame, report = read_one(CORPUS / "ericsson" / "cells_bom.csv")
    assert (report.table, report.encoding, report.rows) == ("cells", "utf-8", 2)
    assert list(report.columns)[0] == "Cell Name"  # the BOM is not part of the first header
    assert values(frame["cell"]) == ["ER_X1", "ER_X2"]
    assert values(frame["repeater"]) == [False, True] and values(frame["max_ta"]) == [30, 30]
    assert values(frame["ncc"]) == [2, 2] and values(frame["bcc"]) == [5, 6]


def test_ericsson_alarms():
    ds = load_dataset(CORPUS / "ericsson")
    alarms = ds["alarms"]
    assert values(alarms["alarm_class"]) == ["clock", "transmission", "cell_down", "trx_down", "unknown"]
    assert values(alarms["site"]) == ["ER_S1"] * 5
    assert values(alarms["cell"]) == ["ER_X1", None, "ER_X2", "ER_X2", None]
    assert values(alarms["trx"]) == [None, None, None, "1", None]
    assert {"table": "alarms", "check": "unknown alarm", "rows": 1, "example": "Heartbeat lost on the flux link"} in ds.flags


# ---------------------------------------------------------------------------------------- archives
def test_gzip_file_is_read_as_the_file_inside():
    frame, report = read_one(CORPUS / "archives" / "cells.csv.gz")
    assert report.table == "cells" and report.path.endswith("cells.csv.gz")
    assert values(frame["cell"]) == ["AR_1", "AR_2", "AR_3"]


def test_zip_members_each_read_as_a_file_of_their_own():
    path = CORPUS / "archives" / "kpi_by_bsc.zip"
    names = []
    with pytest.raises(UnknownTable) as caught:  # the README, last in the archive
        for name, raw in parts(path):
            frame, report = read_raw(raw, name)
            names.append(name.split("!", 1)[1])
            assert report.table == "cell_kpi" and report.header_line == 1
    assert str(caught.value).startswith(f"{path}!README.txt: ")
    assert names == ["BSC01_cell_kpi.csv", "BSC02_cell_kpi.csv", "2026-11-21/BSC01_cell_kpi.csv"]
    ds = load_dataset(CORPUS / "archives")
    kpi = ds["cell_kpi"].sort_values(["start_time", "cell"])
    assert values(kpi["cell"]) == ["AR_1", "AR_2", "AR_3", "AR_1", "AR_2"]
    assert values(kpi["tch_drops"]) == [1, 0, 2, 3, 0]
    assert set(kpi["period_min"]) == {60}  # AR_3 has 14:00 only, and is still hourly
    assert "kpi_by_bsc.zip!README.txt: skipped, not a known table (no header row naming known columns in the first 40 lines)" in ds.notes


# Was: dataset._with_periods gives 1440 min to any object with one start_time, even in an hourly table: a cell
# reported for one hour only counts as a whole day
def test_a_cell_with_one_hour_in_an_hourly_table_has_an_hourly_period():
    kpi = load_dataset(CORPUS / "archives")["cell_kpi"]
    assert set(kpi["period_min"]) == {60}


def test_workbook_cover_sheet_skipped_data_sheets_read_below_their_preamble():
    items = {name.rsplit("!", 1)[1]: (frame, report) for name, frame, report in read_all(CORPUS / "archives" / "planning.xlsx")}
    assert list(items) == ["Neighbours", "GPRS"]
    frame, report = items["Neighbours"]
    assert (report.table, report.encoding, report.delimiter, report.header_line) == ("neighbours", "xlsx", "", 3)
    assert report.ignored_columns == ["Remark"]
    # sheet row 6 is empty; row 7 has a BCCH nobody can read: skipped, reported by its sheet row
    assert report.rejected == [(7, "column nb_bcch: cannot read 'sixty' as a whole number")]
    assert values(frame["cell"]) == ["AR_1", "AR_2", "AR_3"] and values(frame["neighbour"]) == ["AR_2", "AR_1", "AR_1"]
    assert values(frame["nb_bcch"]) == [None, None, 30]
    frame, report = items["GPRS"]
    assert report.table == "gprs_kpi" and report.header_line == 1
    assert_canonical(frame, "gprs_kpi")
    assert values(frame["start_time"]) == [T("2026-11-20 14:00")] * 2  # Excel date cells
    assert values(frame["pdch_used_avg"]) == [2.5, 1.0] and values(frame["tbf_attempts"]) == [300, 120]
    assert values(frame["low_cs_share_pct"]) == [12.5, 40.0]


def test_zip_members_are_never_extracted_to_disk(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "archives", folder)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)

    def refuse(*args, **kwargs):
        raise AssertionError("a zip member was extracted")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)

    def listing() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))

    before = listing()
    ds = load_dataset(folder)
    assert ds.has("cell_kpi")
    assert invoke("data", "inspect", str(folder), "--format", "json").exit_code == 0
    assert listing() == before


# ------------------------------------------------------------------------------------------ mapped
def test_files_map_names_the_table_of_a_file_whose_header_names_none():
    path = CORPUS / "mapped" / "GCELL_export_20261121.csv"
    headers = path.read_text(encoding="utf-8").splitlines()[0].split(";")
    assert identify_table(headers, path.name) is None
    ds = load_dataset(CORPUS / "mapped")
    assert values(ds["cells"]["cell"]) == ["MP_1", "MP_2"]
    report = next(r for r in ds.reports if r.path.endswith(path.name))
    # (since issue 13 a cells file's CGI gives its LAC and CI when no header does)
    assert report.table == "cells" and report.ignored_columns == ["ARFCN", "Layer"]
    assert values(ds["cells"]["lac"]) == [4301, 4301] and values(ds["cells"]["ci"]) == [1, 2]


def test_files_map_with_separate_chinese_date_and_time_columns():
    ds = load_dataset(CORPUS / "mapped")
    kpi = ds["cell_kpi"]
    assert values(kpi["start_time"]) == [T("2026-11-20 14:00"), T("2026-11-20 15:00")]  # second row day first
    assert values(kpi["tch_attempts"]) == [50, 55]
    report = next(r for r in ds.reports if r.table == "cell_kpi")
    assert report.encoding == "gb18030"


def test_without_the_files_map_the_same_folder_has_no_cell_configuration(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "mapped", folder)
    (folder / "netdiag.yaml").unlink()
    with pytest.raises(DataError, match="no cell configuration"):
        load_dataset(folder)


# Was: alarms.load_dictionary: a user class with the name of a shipped class is replaced by the shipped one
# ({**user, **shipped}), so extending bts_down does nothing
def test_operator_alarm_dictionary_extends_a_shipped_class():
    alarms = load_dataset(CORPUS / "mapped")["alarms"]
    assert values(alarms["alarm_class"]) == ["bts_down"]


# ------------------------------------------------------------------------------------------- flags
def test_bad_rows_skipped_and_reported_with_their_physical_line():
    frame, report = read_one(CORPUS / "flags" / "cell_kpi.csv")
    assert report.rejected == [
        (4, "4 fields where the header has 6"),
        (5, "column tch_attempts: cannot read 'fifty' as a whole number"),
        (6, "column tch_seizures: '-5' is negative"),
    ]
    assert report.rows == len(frame) == 6
    assert values(frame["cell"]) == ["F1", "F2", "F2", "F1", "GHOST9", "F1"]


def test_data_problems_are_flagged():
    ds = load_dataset(CORPUS / "flags")
    flags = {(f["table"], f["check"]): (f["rows"], f["example"]) for f in ds.flags}
    assert flags == {
        ("cell_kpi", "unknown cell"): (1, "GHOST9"),
        ("cell_kpi", "duplicate period"): (2, "2026-11-20 10:00:00 F1"),  # in one file, and across two
        ("cell_kpi", "tch_seizures > tch_attempts"): (1, "F2 2026-11-20 12:00:00"),
        ("cell_kpi", "tch_drops > tch_seizures"): (2, "F1 2026-11-20 13:00:00"),
        ("alarms", "unknown alarm"): (2, "Mysterious beacon"),
    }
    assert len(ds["cell_kpi"]) == 5  # a period reported twice counts once
    assert "cell_kpi.csv:4: 4 fields where the header has 6; 3 rows skipped in all" in ds.notes


# ---------------------------------------------------------------------------------------- unusable
UNUSABLE = {
    "empty.csv": "empty.csv: the file is empty",
    "blank.csv": "blank.csv: the file is empty",
    "all_rows_bad.csv": "all_rows_bad.csv:2: column tch_seizures: cannot read 'many' as a whole number (and every other row too)",
    "truncated.zip": "truncated.zip: not a readable zip file",
    "damaged_member.zip": "damaged_member.zip!BSC01_cell_kpi.csv: cannot read",
    "not_a_workbook.xlsx": "not_a_workbook.xlsx: not a readable Excel workbook",
    "not_gzip.csv.gz": "not_gzip.csv.gz: not a readable gzip file",
}


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_file_is_refused_with_one_line_naming_it(name):
    path = CORPUS / "unusable" / name
    with pytest.raises(DataError) as caught:
        read_all(path)
    message = str(caught.value)
    assert one_line(message) and message.startswith(str(path))
    assert UNUSABLE[name] in message


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_scan_exits_2_with_one_line_for_a_folder_holding_an_unusable_file(tmp_path, name):
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "flags", folder)
    shutil.copy(CORPUS / "unusable" / name, folder / name)
    result = invoke("scan", str(folder), "--format", "json")
    assert result.exit_code == 2 and clean_run(result)
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("netdiag: error:")]
    assert len(errors) == 1 and UNUSABLE[name] in errors[0]
    assert result.stderr.rstrip().endswith(errors[0])  # the last line, whole


def test_a_binary_file_named_csv_is_skipped_with_a_note_not_refused(tmp_path):
    """formats.md, "Which files stop a run": a file that is no text is skipped and listed, with no
    --encoding hint (that is for text in another encoding)."""
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "flags", folder)
    shutil.copy(CORPUS / "unusable" / "legacy_xls_renamed.csv", folder / "legacy_xls_renamed.csv")
    result = invoke("scan", str(folder), "--format", "json")
    assert result.exit_code in (0, 1) and clean_run(result), result.stderr
    assert "legacy_xls_renamed.csv: skipped, a binary file (an old Office document (.xls/.doc))" in result.stderr
    assert "--encoding" not in result.stderr


# --------------------------------------------------------------------------------- whole folders
@pytest.mark.parametrize("folder", GOOD_FOLDERS)
def test_scan_of_a_corpus_folder_never_fails(folder):
    result = invoke("scan", str(CORPUS / folder), "--format", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert clean_run(result)
    assert "findings" in json.loads(result.stdout)


def _inspect(folder: str) -> dict:
    result = invoke("data", "inspect", str(CORPUS / folder), "--format", "json")
    assert result.exit_code == 0 and clean_run(result), result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("folder", "file", "expected"),
    [
        ("huawei", "PRS_GCELL_20261120.csv",
         {"table": "cell_kpi", "encoding": "utf-8", "delimiter": ";", "header_line": 7, "rows": 6, "rejected": 0,
          "footer_rows": 1, "time_range": ["2026-11-20 14:00:00", "2026-11-20 15:00:00"]}),
        ("huawei", "cells_gbk.csv",
         {"table": "cells", "encoding": "gb18030", "delimiter": ",", "header_line": 1, "rows": 4, "rejected": 0,
          "time_range": None}),
        ("huawei", "180_BSC01_20261120.csv",
         {"table": "adjacency_ho", "delimiter": ";", "rows": 4, "time_range": ["2026-11-20 00:00:00", "2026-11-20 00:00:00"]}),
        ("alcatel", "cells.tsv", {"table": "cells", "delimiter": "tab", "rows": 3}),
        ("alcatel", "cell_kpi_BSC02.txt",
         {"table": "cell_kpi", "delimiter": "|", "rows": 6, "time_range": ["2026-11-05 14:00:00", "2026-11-05 15:00:00"]}),
        ("archives", "planning.xlsx!Neighbours",
         {"table": "neighbours", "encoding": "xlsx", "delimiter": "(sheet)", "header_line": 3, "rows": 3, "rejected": 1,
          "rejected_rows": [{"line": 7, "reason": "column nb_bcch: cannot read 'sixty' as a whole number"}]}),
        ("archives", "kpi_by_bsc.zip!2026-11-21/BSC01_cell_kpi.csv",
         {"table": "cell_kpi", "rows": 2, "time_range": ["2026-11-20 15:00:00", "2026-11-20 15:00:00"]}),
        ("flags", "cell_kpi.csv",
         {"rows": 6, "rejected": 3, "rejected_rows": [
             {"line": 4, "reason": "4 fields where the header has 6"},
             {"line": 5, "reason": "column tch_attempts: cannot read 'fifty' as a whole number"},
             {"line": 6, "reason": "column tch_seizures: '-5' is negative"}]}),
        ("mapped", "日报_20261120.csv", {"table": "cell_kpi", "encoding": "gb18030", "rows": 2}),
    ],
)
def test_data_inspect_json_says_how_each_file_was_read(folder, file, expected):
    doc = _inspect(folder)
    entry = next((f for f in doc["files"] if f["file"] == file), None)
    assert entry is not None, [f["file"] for f in doc["files"]]
    assert {key: entry[key] for key in expected} == expected


def test_data_inspect_json_carries_flags_and_notes():
    doc = _inspect("flags")
    assert {"table": "cell_kpi", "check": "unknown cell", "rows": 1, "example": "GHOST9"} in doc["flags"]
    assert any(note.startswith("cell_kpi.csv:4: ") for note in doc["notes"])
    assert "a_circuits" in doc["missing_tables"]


def _digests() -> dict[str, str]:
    return {str(p.relative_to(CORPUS)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(CORPUS.rglob("*"))
            if p.is_file()}


def test_reading_leaves_every_input_file_byte_identical():
    before = _digests()
    for folder in GOOD_FOLDERS:
        load_dataset(CORPUS / folder)
        invoke("data", "inspect", str(CORPUS / folder), "--format", "json")
    for path in sorted((CORPUS / "unusable").iterdir()) + sorted((CORPUS / "edge_cases").iterdir()):
        try:
            read_all(path)
        except Exception:  # noqa: BLE001 - only the bytes on disk matter here
            pass
    assert _digests() == before


# -------------------------------------------------------------------------------------- edge cases
EDGE = CORPUS / "edge_cases"


def _read_cleanly(path: Path, table: str | None = None):
    """Read a file: a frame per item, or a clean one-line netdiag error naming the file (never another exception)."""
    try:
        return read_all(path, table)
    except NetdiagError as exc:
        assert one_line(str(exc)) and str(exc).startswith(str(path))
        return exc


# Was: readers._footer_rows on an empty frame: DataFrame.apply returns the string frame itself and
# .any(axis=1) raises TypeError
def test_a_file_of_only_a_header_is_read_as_empty_or_refused_cleanly():
    outcome = _read_cleanly(EDGE / "header_only.csv")
    if not isinstance(outcome, NetdiagError):
        (_, frame, report), = outcome
        assert len(frame) == 0 and report.rows == 0


# Was: 'Time' is an alias of start_time, so with Date+Time the time column alone becomes start_time ('14:00')
# and every row is rejected
def test_separate_english_date_and_time_columns():
    frame, report = read_one(EDGE / "date_time_english.csv")
    assert report.table == "cell_kpi"
    assert values(frame["start_time"]) == [T("2026-11-20 14:00"), T("2026-11-20 15:00")]


# Was: identify_table does not count 日期+时间 (or Date) as the table's time key: without a files: map the file is
# an UnknownTable
def test_separate_chinese_date_and_time_columns_without_a_files_map():
    frame, report = read_one(EDGE / "date_time_chinese.csv")
    assert report.table == "cell_kpi"
    assert values(frame["start_time"]) == [T("2026-11-20 14:00"), T("2026-11-20 15:00")]


# Was: parse_sheet writes an Excel date cell as '2026-11-20 00:00:00', and the combined '2026-11-20 00:00:00
# 14:00:00' is no time
def test_excel_date_and_time_cells_combined():
    frame, report = read_one(EDGE / "date_time_cells.xlsx", table="cell_kpi")
    assert report.rejected == []
    assert values(frame["start_time"]) == [T("2026-11-20 14:00"), T("2026-11-20 15:00")]


# Was: pyarrow's InvalidRow.number skips blank lines after the header, and parsing._data_lines trusts it:
# lines after a blank line are off by one
def test_line_numbers_stay_physical_after_a_blank_line():
    frame, report = read_one(EDGE / "blank_lines.csv")
    assert report.rejected == [(4, "2 fields where the header has 3"),
                               (5, "column tch_drops: cannot read 'x' as a whole number")]
    assert values(frame["tch_drops"]) == [3, 5]


# Was: identify_table matches the prefix on Path(name).name, which for a zip member at the root is
# 'exports.zip!018_...': the prefix is never seen
def test_prefix_of_a_zip_member_at_the_root_of_the_archive():
    (name, frame, report), = read_all(EDGE / "exports_018_at_root.zip")
    assert report.table == "a_circuits"


# Was: sources._iter_zip lets UnknownTable of one member end the generator; load_dataset then skips every
# member after a README
def test_members_after_an_unknown_member_are_still_read(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(CORPUS / "archives" / "cells.csv.gz", folder)
    shutil.copy(EDGE / "readme_first.zip", folder)
    ds = load_dataset(folder)
    assert sorted(values(ds["cell_kpi"]["cell"])) == ["AR_1", "AR_2", "AR_3"]


# Was: readers._int: 'inf' parses as a float, and Int64 conversion raises OverflowError (a FLOAT column keeps
# inf)
def test_infinite_counters_are_rejected_rows_not_a_crash():
    outcome = _read_cleanly(EDGE / "infinite_counter.csv")
    (_, frame, report), = outcome
    assert [line for line, _ in report.rejected] == [2, 3]
    assert values(frame["tch_drops"]) == [3]


# Was: readers._int: a value beyond int64 makes the Int64 conversion raise TypeError
def test_a_counter_beyond_int64_is_a_rejected_row_not_a_crash():
    outcome = _read_cleanly(EDGE / "huge_counter.csv")
    (_, frame, report), = outcome
    assert [line for line, _ in report.rejected] == [2]
    assert values(frame["tch_drops"]) == [2]


# Was: footer detection runs on the raw text, before NIL/-/N/A count as empty, and an empty time key is not
# looked at: rows are kept with start_time NaT or cell NA
def test_a_row_without_its_key_is_not_kept():
    frame, report = read_one(EDGE / "missing_keys.csv")
    assert values(frame["start_time"]) == [T("2026-11-20 15:00")] and values(frame["cell"]) == ["A1"]
    assert report.rows + len(report.rejected) + report.footer_rows == 3


# Was: read_raw maps columns by header text: the same header twice gives two columns of one canonical name,
# and convert() fails with AttributeError
def test_a_header_written_twice_is_read_once():
    frame, report = read_one(EDGE / "duplicate_header.csv")
    assert list(frame.columns) == ["start_time", "cell", "tch_drops"]
    assert values(frame["cell"]) == ["A1", "A1"] and report.ignored_columns == ["Cell Name"]


# Was: alarms.parse_objects strips 'TRX=' / 'TRX:' as a decoration, leaving '1', which the TRX pattern no
# longer recognises
def test_decorated_trx_in_alarm_objects(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "ericsson", folder)
    shutil.copy(EDGE / "alarms_trx_decorated.csv", folder / "alarms_more.csv")
    alarms = load_dataset(folder)["alarms"]
    decorated = alarms[alarms["alarm"] == "Carrier faulty"].sort_values("raised_at", kind="stable")
    assert values(decorated["trx"]) == ["1", "1", "2"]


def test_alarm_names_with_digits_are_not_taken_for_e1_links(tmp_path):
    # 'e1'/'t1' once matched inside 'Module1', 'Temperature1', 'Site1' (fixed in 4f8882e: matched as words)
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "flags", folder)
    shutil.copy(EDGE / "alarms_names_with_digits.csv", folder / "alarms.csv")
    alarms = load_dataset(folder)["alarms"]
    assert values(alarms["alarm_class"]) == ["environment"] * 3


# Was: parsing uses str.splitlines (which also splits at \f, \v, \x1c-\x1e, \x85, \u2028/9) while
# pyarrow splits only at \r and \n: header index and lines drift
def test_a_form_feed_in_the_preamble_does_not_shift_the_header():
    frame, report = read_one(EDGE / "form_feed_in_preamble.csv")
    assert report.header_line == 2 and values(frame["tch_drops"]) == [3]


# Was: an unclosed quote made pyarrow swallow the rest of the file as one bad row: the rows after it
# vanished without being reported
def test_an_unclosed_quote_loses_no_row_silently():
    outcome = _read_cleanly(EDGE / "unclosed_quote.csv")
    if isinstance(outcome, NetdiagError):
        return
    (_, frame, report), = outcome
    assert values(frame["cell"])[0] == "A0" and 3 in [line for line, _ in report.rejected]
    lost = [re.match(r"(\d+) lines? from here on lost", why) for _, why in report.rejected]
    covered = sum(int(m.group(1)) if m else 1 for m in lost)
    assert report.rows + covered + report.footer_rows == 4


# Was: readers._FOOTER ended in \b, so a cell named 'Total Plaza' or 'Sum-Tower 2' was taken for a footer row
def test_cells_named_like_a_footer_are_kept():
    frame, report = read_one(EDGE / "footer_lookalike_cells.csv")
    assert values(frame["cell"]) == ["Total Plaza", "Sum-Tower 2"] and report.footer_rows == 1


# Was: a header-only file (TypeError), 'inf' (OverflowError), a number beyond int64 (TypeError) or a header
# written twice (AttributeError) is an internal error in the CLI, not a one-line data message
@pytest.mark.parametrize("name", ["header_only.csv", "infinite_counter.csv", "huge_counter.csv", "duplicate_header.csv"])
def test_scan_never_crashes_on_a_readable_export(tmp_path, name):
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "flags", folder)
    shutil.copy(EDGE / name, folder / name)
    result = invoke("scan", str(folder), "--format", "json")
    assert clean_run(result) and result.exit_code in (0, 1, 2)


# Settings in a folder's netdiag.yaml that are wrong: a one-line DataError, not a TypeError.
BAD_SETTINGS = {
    "table_is_a_list": ("files:\n  '*.csv': [cells]\n", None),
    "table_is_a_mapping": ("files:\n  '*.csv': {table: cells}\n", None),
    "dictionary_is_a_list": ("alarm_dictionary: dict.yaml\n", "- vswr\n"),
    "class_is_a_list": ("alarm_dictionary: dict.yaml\n", "classes:\n  operator_x: ['掉站']\n"),
    "pattern_is_a_number": ("alarm_dictionary: dict.yaml\n", "classes:\n  operator_x: {names: [404]}\n"),
    "names_is_a_string": ("alarm_dictionary: dict.yaml\n", "classes:\n  operator_x: {names: 'Mysterious'}\n"),
}


# Was: sources.file_map / alarms.load_dictionary did not check the types of what they read (`table in TABLES`
# with a list, `.get` on a list, re.compile(404), a string iterated as patterns): internal errors
@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_wrong_folder_settings_are_one_line_data_errors(tmp_path, case):
    settings, dictionary = BAD_SETTINGS[case]
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "flags", folder)
    (folder / "netdiag.yaml").write_text(settings, encoding="utf-8")
    if dictionary is not None:
        (folder / "dict.yaml").write_text(dictionary, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert one_line(str(caught.value)) and ("netdiag.yaml" in str(caught.value) or "dict.yaml" in str(caught.value))
