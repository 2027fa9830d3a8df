"""The reader layer: canonical frames from the files engineers hand over."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import write
from netdiag import DataError, load_dataset
from netdiag.io.readers import read_file
from netdiag.io.recognise import identify_table

CELLS = "cell,bsc,msc,site,lac,ci,bcch,ncc,bcc,lat,lon,trx_count,paging_barred\n" \
        "A1,BSC1,MSC1,S1,4101,11,10,5,3,30.1,114.2,2,0\n" \
        "A2,BSC1,MSC1,S1,4101,12,12,5,4,30.1,114.2,1,BARRED\n"


def test_canonical_cells_are_typed(tmp_path):
    frame, report = read_file(write(tmp_path / "cells.csv", CELLS))
    assert report.table == "cells"
    assert frame["lac"].dtype == "Int64" and frame["lat"].dtype == "float64"
    assert frame["paging_barred"].tolist() == [False, True]
    assert frame["cell"].tolist() == ["A1", "A2"]


def test_chinese_aliases_units_and_gbk(tmp_path):
    text = "小区名称;BSC名称;位置区;频点;纬度;经度;载频数 (个)\nA1;BSC1;4101;10;30.1;114.2;2\n"
    frame, report = read_file(write(tmp_path / "export.csv", text, encoding="gbk"))
    assert report.table == "cells" and report.encoding == "gb18030" and report.delimiter == ";"
    assert frame.loc[0, "trx_count"] == 2 and frame.loc[0, "bcch"] == 10


@pytest.mark.parametrize(
    ("name", "header", "table"),
    [
        ("018_BSC1.csv", "Start Time,BSC,PCM,TS,Seizures,Hold_s", "a_circuits"),
        ("PRS_GCELL_20261121.csv", "start_time,cell,tch_seizures,tch_drops", "cell_kpi"),
        ("x.csv", "start_time,cell,trx,tch_seizures,tch_hold_s", "trx_kpi"),
        ("x.csv", "cell,neighbour", "neighbours"),
        ("truth.csv", "fault,cause,level,object,cell,symptom,detail", None),
    ],
)
def test_table_recognised_from_header_or_prefix(name, header, table):
    assert identify_table(header.split(","), name) == table


def test_day_first_dates_and_missing_values(tmp_path):
    text = "start_time,cell,tch_seizures,tch_drops\n" \
           "05/11/2026 14:00,A1,1,200\n2026/11/05 15:00:00,A1,NIL,-\n"
    frame, _ = read_file(write(tmp_path / "kpi.csv", text))
    assert frame["start_time"].tolist() == [pd.Timestamp("2026-11-05 14:00"), pd.Timestamp("2026-11-05 15:00")]
    assert frame["tch_seizures"].isna().tolist() == [False, True]


def test_a_bad_row_is_skipped_and_reported_with_its_line(tmp_path):
    text = "start_time,cell,tch_seizures\n2026-11-05 14:00,A1,10\n\n2026-11-05 15:00,A1,ten\n2026-11-05 16:00,A1,-3\n" \
           "2026-11-05 17:00,A1,12\n"
    frame, report = read_file(write(tmp_path / "kpi.csv", text))
    assert frame["tch_seizures"].tolist() == [10, 12]
    assert report.rejected == [
        (4, "column tch_seizures: cannot read 'ten' as a whole number"),
        (5, "column tch_seizures: '-3' is negative"),
    ]


def test_a_file_with_no_usable_row_is_refused(tmp_path):
    text = "start_time,cell,tch_seizures\n2026-11-05 15:00,A1,ten\n"
    with pytest.raises(DataError, match=r"kpi\.csv:2: column tch_seizures: cannot read 'ten'"):
        read_file(write(tmp_path / "kpi.csv", text))


def test_folder_without_cells_is_refused(tmp_path):
    write(tmp_path / "kpi.csv", "start_time,cell,tch_seizures\n2026-11-05 14:00,A1,10\n")
    with pytest.raises(DataError, match="no cell configuration"):
        load_dataset(tmp_path)


def test_dataset_reports_missing_tables_and_ignores_foreign_files(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    write(tmp_path / "faults.csv", "fault,cause,object\n1,x,y\n")
    write(tmp_path / "truth.csv", "fault,cause,object\n1,x,y\n")  # netdiag sample's answer key: no note
    ds = load_dataset(tmp_path)
    assert ds.has("cells") and not ds.has("cell_kpi")
    assert "adjacency_ho" in ds.missing
    assert any("faults.csv" in note for note in ds.notes)
    assert not any("truth.csv" in note for note in ds.notes)
    # BSIC columns: ncc/bcc kept as given
    assert ds["cells"].loc[0, "ncc"] == 5


def test_split_tables_and_period_inference(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    write(tmp_path / "kpi_a.csv", "start_time,cell,tch_seizures\n2026-11-05 14:00,A1,10\n2026-11-05 15:00,A1,10\n")
    write(tmp_path / "kpi_b.csv", "start_time,cell,tch_seizures\n2026-11-05 14:00,A2,10\n2026-11-05 15:00,A2,10\n")
    write(tmp_path / "180_x.csv", "start_time,cell,neighbour,ho_attempts\n2026-11-05 00:00,A1,A2,10\n")
    ds = load_dataset(tmp_path)
    assert len(ds["cell_kpi"]) == 4
    assert set(ds["cell_kpi"]["period_min"]) == {60}
    assert ds["adjacency_ho"]["period_min"].tolist() == [1440]


def test_two_digit_bsic_is_ncc_then_bcc(tmp_path):
    write(tmp_path / "cells.csv", "cell,bsc,bcch,bsic\nA1,B,10,53\nA2,B,11,3\n")
    ds = load_dataset(tmp_path)
    assert ds["cells"][["ncc", "bcc"]].astype(int).values.tolist() == [[5, 3], [0, 3]]


def test_alarm_objects_and_classes(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    write(
        tmp_path / "alarms.csv",
        "raised_at,cleared_at,object,alarm\n"
        "2026-11-05 10:00,,BSC=BSC1/BTS:S1/A1,Cell out of service\n"
        "2026-11-05 10:00,2026-11-05 11:00,BSC1/S1/A1/TRX2,驻波比告警\n"
        "2026-11-05 10:00,,BSC1/S1,Door open\n"
        "2026-11-05 10:00,,BSC1/S1,Something nobody knows\n",
    )
    alarms = load_dataset(tmp_path)["alarms"]
    assert alarms["alarm_class"].tolist() == ["cell_down", "vswr", "environment", "unknown"]
    assert alarms.loc[0, "bsc"] == "BSC1" and alarms.loc[0, "site"] == "S1" and alarms.loc[0, "cell"] == "A1"
    assert alarms.loc[1, "trx"] == "2"
    assert alarms.loc[2, "cell"] is None


def test_a_quote_left_open_on_the_last_line_but_one_is_reported(tmp_path):
    """The quote opened on line 2 never closes: line 3 vanished into its value. Found by the property
    test only in some orders; the typed read used to drop what the line count said."""
    path = write(tmp_path / "ho.csv", 'start_time,cell\n2001-01-01 00:00,"光谷1\n2001-01-01 00:00,A0\n')
    frame, report = read_file(path, table="adjacency_ho")  # (keys alone are no table's: named here)
    assert len(frame) == 1 and report.rejected == [(3, "1 lines from here on lost in an unclosed quote")]
