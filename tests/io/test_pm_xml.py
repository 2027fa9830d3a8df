"""netdiag.io.pm_xml against hand-written 3GPP PM XML files (tests/io/pm_xml), value by value.

The spec files reproduce the 32.435 Annex example (measTypes/measResults and measType p/r p forms) and
the 32.401 mdc example; the vendor files add what OMC-Rs really send. The writer is checked against the
same files, so a round trip through writer and reader is never the only proof.
"""

from __future__ import annotations

import gzip
import io
import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lxml import etree

from netdiag.errors import DataError, UnknownTable
from netdiag.io.pm_xml import (
    KEY_COLUMNS,
    MDC,
    MEAS_COLLEC,
    NS_32435,
    PmReport,
    cell_and_cgi,
    concat_blocks,
    iter_pm_blocks,
    iter_pm_frames,
    parse_duration,
    parse_wall_time,
    read_pm_xml,
    root_of,
    sniff,
    split_dn,
    to_floats,
    write_meas_collec,
)
from netdiag.io.pm_xml.reader import _BlockReader
from netdiag.io.pm_xml.recognise import named_root

# Hand-written, so not under tests/corpus/, which must hold exactly what tests/corpus/make_corpus.py
# writes (test_real_exports.py checks it file by file).
CORPUS = Path(__file__).resolve().parent / "pm_xml"
NaN = float("nan")

SPEC_COUNTERS = ["attTCHSeizures", "succTCHSeizures", "attImmediateAssignProcs", "succImmediateAssignProcs"]
# The Annex example's values; Gbg-999 is suspect and left out.
SPEC_ROWS = {
    "RncFunction=RF-1,UtranCell=Gbg-997": [234, 345, 567, 789],
    "RncFunction=RF-1,UtranCell=Gbg-998": [890, 901, 123, 234],
}
BSC01 = "SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell="
MARKET = "SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=13,GsmCell=Market\\, East"


def head(name: str, size: int = 4096) -> bytes:
    return (CORPUS / name).read_bytes()[:size]


def same(actual, expected) -> bool:
    """Equal values, NaN equal to NaN."""
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    return actual == expected


def assert_row(frame: pd.DataFrame, obj: str, start: str, expected: dict) -> None:
    """The one row of `obj` starting at `start` holds exactly `expected` (NaN for absent)."""
    rows = frame[(frame["object"] == obj) & (frame["start_time"] == pd.Timestamp(start))]
    assert len(rows) == 1, f"{obj} at {start}: {len(rows)} rows"
    row = rows.iloc[0]
    for column, value in expected.items():
        assert same(row[column], value), f"{obj} at {start}, {column}: {row[column]!r} != {value!r}"


# ------------------------------------------------------------------------------------------------- sniff


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("spec_32435_list.xml", MEAS_COLLEC),
        ("spec_32435_indexed.xml", MEAS_COLLEC),
        ("spec_32401_mdc.xml", MDC),
        ("vendor_bsc.xml", MEAS_COLLEC),
        ("vendor_mdc.xml", MDC),
        ("prefixed_32401_ns.xml", MEAS_COLLEC),
        ("malformed.xml", MEAS_COLLEC),
        ("entity_bomb.xml", MEAS_COLLEC),
        ("bulk_cm.xml", None),
    ],
)
def test_sniff_knows_the_root_element(name, kind):
    assert sniff(head(name)) == kind


def test_sniff_reads_gzip_and_heads_the_caller_decompressed():
    packed = (CORPUS / "vendor_bsc.xml.gz").read_bytes()
    assert sniff(packed) == MEAS_COLLEC
    assert sniff(gzip.decompress(packed)[:600]) == MEAS_COLLEC


@pytest.mark.parametrize(
    "data",
    [
        b"cell,start_time,tch_drops\nA,2026-11-20 14:00,3\n",
        bytes(range(256)),
        b"",
        b'<?xml version="1.0"?><measCollecFile xmlns="urn:not-3gpp"><x/></measCollecFile>',
        b'<?xml version="1.0"?><mdc xmlns="urn:other"/>',
        b"<kml><Document/></kml>",
    ],
)
def test_sniff_says_none_for_anything_else(data):
    assert sniff(data) is None


@pytest.mark.parametrize(
    "data",
    [*(head(p.name) for p in sorted(CORPUS.glob("*.xml"))),
     (CORPUS / "vendor_bsc.xml.gz").read_bytes(),
     b'<?xml version="1.0"?><measCollecFile xmlns="urn:not-3gpp"><x/></measCollecFile>',
     b'<?xml version="1.0"?><mdc xmlns="urn:other"/>',
     b'<measCollecFile xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><measData/></measCollecFile>',
     b"<mdc><mfh/></mdc>",
     b"<kml><Document/></kml>"],
)
def test_the_quick_look_at_a_root_never_contradicts_the_full_one(data):
    """named_root (a folder's glance at thousands of files) says a kind only where root_of says the same."""
    quick = named_root(data)
    assert quick is None or quick == (root_of(data) or (None,))[0]


def test_the_quick_look_knows_the_usual_files():
    assert named_root((CORPUS / "vendor_bsc.xml.gz").read_bytes()) == MEAS_COLLEC
    assert (named_root(head("spec_32435_list.xml")), named_root(head("spec_32401_mdc.xml"))) == (MEAS_COLLEC, MDC)
    assert named_root(b'<measCollecFile xmlns="urn:not-3gpp">') is None  # root_of decides, and names it


# ------------------------------------------------------------------------------------- the spec examples


@pytest.mark.parametrize("name", ["spec_32435_list.xml", "spec_32435_indexed.xml", "spec_32401_mdc.xml"])
def test_the_spec_examples_read_value_by_value(name):
    report = PmReport()
    frame = read_pm_xml(CORPUS / name, report)
    assert list(frame.columns) == [*KEY_COLUMNS, *SPEC_COUNTERS]
    assert list(frame["object"]) == list(SPEC_ROWS)  # Gbg-999 is suspect: left out
    for obj, values in SPEC_ROWS.items():
        # endTime 14:14:30 (+02:00 dropped, wall clock kept) less PT900S
        assert_row(frame, obj, "2000-03-01 13:59:30", dict(zip(SPEC_COUNTERS, values, strict=True)))
    assert list(frame["cell"]) == ["Gbg-997", "Gbg-998"]
    assert frame["cgi"].isna().all() and frame["meas_info"].isna().all()
    assert list(frame["period_min"]) == [15, 15]
    assert frame["start_time"].dtype == "datetime64[ns]"
    assert (report.files, report.blocks, report.rows, report.suspect_left_out, report.absent_values) == (1, 1, 2, 1, 0)
    assert list(report.counters) == SPEC_COUNTERS


def test_the_spec_examples_give_the_same_table_in_all_three_layouts():
    frames = [read_pm_xml(CORPUS / n) for n in ("spec_32435_list.xml", "spec_32435_indexed.xml", "spec_32401_mdc.xml")]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    pd.testing.assert_frame_equal(frames[0], frames[2])


def test_offsets_are_reported_and_dropped():
    report = PmReport()
    read_pm_xml(CORPUS / "spec_32435_list.xml", report)
    assert dict(report.offsets) == {"+02:00": 1}
    report = PmReport()
    read_pm_xml(CORPUS / "spec_32401_mdc.xml", report)
    assert dict(report.offsets) == {"none": 1}


# ------------------------------------------------------------------------------------------ vendor files


@pytest.fixture(scope="module")
def bsc() -> tuple[pd.DataFrame, PmReport]:
    report = PmReport()
    return read_pm_xml(CORPUS / "vendor_bsc.xml", report), report


def test_vendor_file_rows_of_one_cell_and_period_are_merged_across_measinfo(bsc):
    frame, _ = bsc
    assert_row(
        frame,
        BSC01 + "Gbg-997",
        "2026-11-20 14:00",
        {
            "cell": "Gbg-997",
            "cgi": NaN,
            "period_min": 15,
            "meas_info": "TCH+CCCH",
            "attTCHSeizures": 120.0,
            "succTCHSeizures": 118.0,
            "nbrOfLostRadioLinksTCH": 3.0,
            "attImmediateAssignProcs": 300.0,
            "succImmediateAssignProcs": 297.0,
            "meanNbrOfAvailableTCHs": 14.5,
            "meanNbrOfBusyTCHs": NaN,
            "tchTrafficErl": NaN,
        },
    )
    assert_row(
        frame,
        BSC01 + "Gbg-997",
        "2026-11-20 14:15",  # endTime 14:30+0800: a second TCH block of the same file
        {
            "meas_info": "TCH",
            "attTCHSeizures": 130.0,
            "succTCHSeizures": 125.0,
            "nbrOfLostRadioLinksTCH": 0.0,
            "attImmediateAssignProcs": NaN,
        },
    )


def test_vendor_file_absent_values_are_missing(bsc):
    frame, report = bsc
    # NIL in measResults; an empty r; a missing p="3"
    assert_row(
        frame,
        BSC01 + "Gbg-998",
        "2026-11-20 14:00",
        {
            "attTCHSeizures": 95.0,
            "succTCHSeizures": NaN,
            "nbrOfLostRadioLinksTCH": 0.0,
            "attImmediateAssignProcs": 210.0,
            "succImmediateAssignProcs": NaN,
            "meanNbrOfAvailableTCHs": NaN,
        },
    )
    assert report.absent_values == 5  # the three above and NIL NIL


def test_vendor_file_suspect_results_are_left_out_and_counted(bsc):
    frame, report = bsc
    assert not frame["object"].str.endswith("Gbg-999").any()
    assert report.suspect_left_out == 1
    # <suspect>false</suspect> keeps the row; r elements out of order land by p; 2**32 - 1 stays exact
    assert_row(
        frame,
        MARKET,
        "2026-11-20 14:00",
        {
            "cell": "Market, East",
            "attTCHSeizures": 4294967295.0,
            "succTCHSeizures": 7.0,
            "attImmediateAssignProcs": 12.0,
            "succImmediateAssignProcs": 12.0,
            "meanNbrOfAvailableTCHs": 6.25,
        },
    )


def test_vendor_file_hourly_block_with_cgis(bsc):
    frame, _ = bsc
    hourly = frame[frame["period_min"] == 60]
    assert len(hourly) == 2
    assert_row(
        frame,
        "SubNetwork=1,ManagedElement=BSC01,GsmCell=Gbg-997,CGI=460-00-4101-20042",
        "2026-11-20 14:00",
        {
            "cell": "Gbg-997",
            "cgi": "460-00-4101-20042",
            "meas_info": "CELL_HOURLY",
            "meanNbrOfBusyTCHs": 3.75,
            "tchTrafficErl": 4.125,
            "attTCHSeizures": NaN,
        },
    )
    assert_row(
        frame,
        "SubNetwork=1,ManagedElement=BSC01,GsmCell=460-00-4101-20043",
        "2026-11-20 14:00",
        {"cell": "460-00-4101-20043", "cgi": "460-00-4101-20043", "meanNbrOfBusyTCHs": NaN, "tchTrafficErl": NaN},
    )


def test_vendor_file_report(bsc):
    frame, report = bsc
    assert len(frame) == 6
    assert (report.files, report.blocks, report.rows, report.bad_rows) == (1, 4, 9, 0)
    assert dict(report.offsets) == {"+08:00": 4}  # +0800 is the same offset
    assert dict(report.periods) == {15.0: 3, 60.0: 1}  # PT900S and PT15M alike
    assert list(report.counters) == [
        "attTCHSeizures",
        "succTCHSeizures",
        "nbrOfLostRadioLinksTCH",
        "attImmediateAssignProcs",
        "succImmediateAssignProcs",
        "meanNbrOfAvailableTCHs",
        "meanNbrOfBusyTCHs",
        "tchTrafficErl",
    ]
    text = "\n".join(report.describe())
    assert "1 suspect result(s) left out" in text and "5 absent value(s)" in text and "+08:00 x4" in text


def test_blocks_one_per_measinfo_and_unmerged_rows(bsc):
    frames = list(iter_pm_frames(CORPUS / "vendor_bsc.xml"))
    assert [f["meas_info"].iloc[0] for f in frames] == ["TCH", "CCCH", "TCH", "CELL_HOURLY"]
    assert [len(f) for f in frames] == [3, 3, 1, 2]
    assert list(frames[1].columns[6:]) == ["attImmediateAssignProcs", "succImmediateAssignProcs", "meanNbrOfAvailableTCHs"]
    stacked = read_pm_xml(CORPUS / "vendor_bsc.xml", merge=False)
    assert len(stacked) == 9
    assert list(stacked["meas_info"]) == ["TCH"] * 3 + ["CCCH"] * 3 + ["TCH", "CELL_HOURLY", "CELL_HOURLY"]
    blocks = list(iter_pm_blocks(CORPUS / "vendor_bsc.xml"))
    pd.testing.assert_frame_equal(concat_blocks(blocks), bsc[0])


def test_gzip_path_and_streams_read_the_same(bsc):
    frame, _ = bsc
    packed = (CORPUS / "vendor_bsc.xml.gz").read_bytes()
    pd.testing.assert_frame_equal(read_pm_xml(CORPUS / "vendor_bsc.xml.gz"), frame)
    pd.testing.assert_frame_equal(read_pm_xml(io.BytesIO(packed)), frame)
    pd.testing.assert_frame_equal(read_pm_xml(str(CORPUS / "vendor_bsc.xml")), frame)

    class Pipe(io.RawIOBase):  # no seek, short reads: as a socket or a pipe gives them
        def __init__(self, data: bytes):
            self.data = data

        def readable(self):
            return True

        def read(self, size=-1):
            size = 7 if size is None or size < 0 else min(size, 7)
            chunk, self.data = self.data[:size], self.data[size:]
            return chunk

    pd.testing.assert_frame_equal(read_pm_xml(Pipe(packed)), frame)


def test_several_files_read_as_one_table():
    report = PmReport()
    frame = read_pm_xml([CORPUS / "spec_32435_list.xml", CORPUS / "vendor_mdc.xml"], report)
    assert report.files == 2 and dict(report.formats) == {MEAS_COLLEC: 1, MDC: 1}
    assert len(frame) == 5
    assert list(frame.columns[6:]) == [*SPEC_COUNTERS, "TFNDROP", "CTRALACC", "TFCASSALL", "TFTRALACC"]


def test_prefixed_32401_namespace():
    report = PmReport()
    frame = read_pm_xml(CORPUS / "prefixed_32401_ns.xml", report)
    cell = "ManagedElement=BSC07,BtsSiteMgr=4,GsmCell=Kungsbacka-"
    assert_row(
        frame,
        cell + "1",
        "2026-11-20 06:00",
        {
            "period_min": 30,
            "meas_info": "SDCCH",
            "attSDCCHSeizuresMeetingSDCCHBlockedState": 2.0,
            "nbrOfLostRadioLinksSDCCH": 1.0,
        },
    )
    assert_row(
        frame,
        cell + "2",
        "2026-11-20 06:00",
        {"cell": "Kungsbacka-2", "attSDCCHSeizuresMeetingSDCCHBlockedState": 0.0, "nbrOfLostRadioLinksSDCCH": 5.0},
    )
    assert dict(report.offsets) == {"Z": 1}


def test_vendor_mdc():
    report = PmReport()
    frame = read_pm_xml(CORPUS / "vendor_mdc.xml", report)
    cell = "ManagedElement=1,BscFunction=1,GsmCell="
    # mts 14:00+0800, gp 900
    assert_row(
        frame,
        cell + "S0042B",
        "2026-11-20 13:45",
        {"cell": "S0042B", "period_min": 15, "TFNDROP": 2.0, "CTRALACC": 1184.0, "TFCASSALL": 75.0, "TFTRALACC": NaN},
    )
    # <r/> is absent; <sf>FALSE</sf> keeps the row
    assert_row(frame, cell + "S0043A", "2026-11-20 13:45", {"TFNDROP": 0.0, "CTRALACC": NaN, "TFCASSALL": 31.0})
    # a second md, hourly, mts with Z
    assert_row(frame, cell + "S0042B", "2026-11-20 13:00", {"period_min": 60, "TFTRALACC": 12.5, "TFNDROP": NaN})
    assert not frame["cell"].eq("S0044C").any()  # <sf>TRUE</sf>
    assert (report.blocks, report.rows, report.suspect_left_out, report.absent_values) == (2, 3, 1, 1)
    assert dict(report.offsets) == {"+08:00": 1, "Z": 1}


# ------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("name", ["entity_bomb.xml", "external_entity.xml"])
def test_entity_declarations_are_refused(name):
    with pytest.raises(DataError, match=rf"{name}:3: refused: the DTD declares entities"):
        read_pm_xml(CORPUS / name)


def test_an_entity_bomb_is_refused_even_compressed():
    packed = gzip.compress((CORPUS / "entity_bomb.xml").read_bytes())
    with pytest.raises(DataError, match="declares entities"):
        read_pm_xml(io.BytesIO(packed))


def test_a_dtd_reference_without_entities_is_read_not_fetched():
    # spec_32401_mdc.xml names MeasDataCollection.dtd, which does not exist here: it must not be loaded
    assert len(read_pm_xml(CORPUS / "spec_32401_mdc.xml")) == 2


def test_malformed_xml_names_file_and_line():
    with pytest.raises(DataError, match=r"malformed\.xml:11: malformed XML \(Opening and ending tag mismatch"):
        read_pm_xml(CORPUS / "malformed.xml")


def test_other_xml_is_an_unknown_table():
    with pytest.raises(UnknownTable, match="bulk_cm.xml: not a 3GPP PM XML file"):
        read_pm_xml(CORPUS / "bulk_cm.xml")
    with pytest.raises(UnknownTable):
        read_pm_xml(io.BytesIO(b"cell,tch_drops\nA,1\n"))


def test_truncated_gzip_is_a_data_error():
    packed = (CORPUS / "vendor_bsc.xml.gz").read_bytes()
    with pytest.raises(DataError, match="vendor_bsc"):
        stream = io.BytesIO(packed[: len(packed) // 2])
        stream.name = "vendor_bsc.xml.gz"
        read_pm_xml(stream)


def test_a_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        read_pm_xml(tmp_path / "absent.xml")


def measinfo_file(body: str, duration: str = "PT900S") -> io.BytesIO:
    """A one-measInfo measCollec file around `body` (the measTypes and measValue elements)."""
    return io.BytesIO(
        f'<measCollecFile xmlns="{NS_32435}"><measData><measInfo measInfoId="X">'
        f'<granPeriod duration="{duration}" endTime="2026-11-20T10:00:00+08:00"/>{body}'
        "</measInfo></measData></measCollecFile>".encode()
    )


def test_a_row_with_the_wrong_number_of_values_is_skipped_and_noted():
    report = PmReport()
    frame = read_pm_xml(
        measinfo_file(
            "<measTypes>a b</measTypes>"
            '<measValue measObjLdn="GsmCell=A"><measResults>1 2</measResults></measValue>'
            '<measValue measObjLdn="GsmCell=B"><measResults>1 2 3</measResults></measValue>'
            '<measValue measObjLdn="GsmCell=C"><measResults/></measValue>'
        ),
        report,
    )
    assert list(frame["cell"]) == ["A", "C"]
    assert np.isnan(frame["b"].iloc[1])  # C: an empty result list is all absent
    assert report.bad_rows == 1 and report.absent_values == 2
    assert "GsmCell=B: 3 values for 2 counters, row skipped" in report.notes[0]


def test_merged_rows_keep_the_first_value_that_is_not_absent():
    def info(info_id: str, results_x: str, results_y: str) -> str:
        return (
            f'<measInfo measInfoId="{info_id}"><granPeriod duration="PT900S" endTime="2026-11-20T10:00:00"/>'
            f'<measTypes>a b</measTypes><measValue measObjLdn="GsmCell=X"><measResults>{results_x}</measResults></measValue>'
            f'<measValue measObjLdn="GsmCell=Y"><measResults>{results_y}</measResults></measValue></measInfo>'
        )

    stream = io.BytesIO(
        f'<measCollecFile xmlns="{NS_32435}"><measData>{info("P", "NIL 1", "5 6")}{info("Q", "2 3", "7 NIL")}'
        "</measData></measCollecFile>".encode()
    )
    frame = read_pm_xml(stream)
    assert frame[["cell", "a", "b"]].values.tolist() == [["X", 2.0, 1.0], ["Y", 5.0, 6.0]]
    assert frame["meas_info"].tolist() == ["P+Q", "P+Q"]


def test_a_period_of_seconds_is_a_fraction_of_a_minute():
    report = PmReport()
    frame = read_pm_xml(
        measinfo_file(
            '<measTypes>a</measTypes><measValue measObjLdn="GsmCell=A"><measResults>1</measResults></measValue>', "PT30S"
        ),
        report,
    )
    assert frame["period_min"].tolist() == [0.5]
    assert frame["start_time"].tolist() == [pd.Timestamp("2026-11-20 09:59:30")]
    assert "0.5 min x1" in report.describe()[1]


def test_a_block_without_its_period_is_a_data_error():
    stream = io.BytesIO(
        f'<measCollecFile xmlns="{NS_32435}"><measData><measInfo>'
        '<measTypes>a</measTypes><measValue measObjLdn="GsmCell=A"><measResults>1</measResults></measValue>'
        "</measInfo></measData></measCollecFile>".encode()
    )
    with pytest.raises(DataError, match="without its end time or period"):
        read_pm_xml(stream)


def test_non_numeric_values_are_missing_and_counted():
    report = PmReport()
    frame = read_pm_xml(
        measinfo_file(
            '<measTypes>a b c</measTypes><measValue measObjLdn="GsmCell=A"><measResults>1,2,3 7 -</measResults></measValue>'
        ),
        report,
    )
    assert math.isnan(frame["a"].iloc[0]) and frame["b"].iloc[0] == 7.0 and math.isnan(frame["c"].iloc[0])
    assert (report.non_numeric_values, report.absent_values) == (1, 1)


# ----------------------------------------------------------------------------------------- streaming


class CountingStream(io.RawIOBase):
    """Serves `data` and counts what was read."""

    def __init__(self, data: bytes):
        self.data, self.served = data, 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = len(self.data) if size is None or size < 0 else size
        chunk = self.data[self.served : self.served + size]
        self.served += len(chunk)
        return chunk


def test_blocks_come_out_before_the_file_is_read_through(tmp_path):
    frame = pd.DataFrame(
        {
            "cell": [f"C{i}" for i in range(3000)] * 4,
            "start_time": np.repeat(pd.date_range("2026-11-20", periods=4, freq="15min"), 3000),
            "period_min": 15,
            **{f"k{j}": np.arange(12000.0) + j for j in range(10)},
        }
    )
    written = write_meas_collec(frame, tmp_path / "big.xml", counters=[f"k{j}" for j in range(10)], gzip=False)
    text = written.read_bytes()
    stream = CountingStream(text)
    blocks = iter_pm_blocks(stream)
    first = next(blocks)
    assert len(first.objects) == 3000
    assert stream.served < len(text) / 2  # one block read of four, and not the rest
    assert sum(len(b.objects) for b in blocks) == 9000


def test_a_big_block_is_converted_in_pieces_with_the_same_result(monkeypatch):
    whole_report, pieces_report = PmReport(), PmReport()
    whole = read_pm_xml(CORPUS / "vendor_bsc.xml", whole_report)
    monkeypatch.setattr(_BlockReader, "PURGE_EVERY", 1)
    monkeypatch.setattr(_BlockReader, "CONVERT_AT", 2)
    pieces = read_pm_xml(CORPUS / "vendor_bsc.xml", pieces_report)
    pd.testing.assert_frame_equal(pieces, whole)
    assert (pieces_report.absent_values, pieces_report.rows) == (whole_report.absent_values, whole_report.rows)


# ------------------------------------------------------------------------------- names, times, values


@pytest.mark.parametrize(
    ("ldn", "cell", "cgi"),
    [
        ("SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997", "Gbg-997", None),
        ("RncFunction=RF-1,UtranCell=Gbg-997", "Gbg-997", None),
        ("BSC=3,BTS=12,SECTOR=Market\\, East", "Market, East", None),
        ("GsmCell=a\\=b", "a=b", None),
        ("GsmCell=A\\2CB", "A,B", None),
        ("GsmCell=\\E5\\8F\\B0\\E5\\8C\\97", "台北", None),
        ("SubNetwork=1, ManagedElement=RNC-1 , GsmCell= X 1 ", "X 1", None),
        ("ManagedElement=BSC01,GsmCell=Gbg-997,CGI=460-00-4101-20042", "Gbg-997", "460-00-4101-20042"),
        ("ManagedElement=BSC01,GCELL=S0042B,cgi=46000410120042", "S0042B", "46000410120042"),
        ("ManagedElement=BSC01,GsmCell=460-00-4101-20043", "460-00-4101-20043", "460-00-4101-20043"),
        ("Gbg-997", "Gbg-997", None),
        ("小区A", "小区A", None),
    ],
)
def test_cell_and_cgi_from_an_ldn(ldn, cell, cgi):
    assert cell_and_cgi(ldn) == (cell, cgi)


def test_split_dn_keeps_attribute_names():
    assert split_dn("SubNetwork=1,ManagedElement=BSC\\,01,GsmCell=X") == [
        ("SubNetwork", "1"),
        ("ManagedElement", "BSC,01"),
        ("GsmCell", "X"),
    ]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT900S", 900), ("PT15M", 900), ("PT1H", 3600), ("PT3600S", 3600), ("PT1H30M", 5400), ("P1D", 86400), ("PT0.5S", 0.5)],
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["900", "PT", "P", "PT15X", ""])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "compact", "wall", "offset"),
    [
        ("2000-03-01T14:14:30+02:00", False, datetime(2000, 3, 1, 14, 14, 30), "+02:00"),
        ("2026-11-20T14:30:00+0800", False, datetime(2026, 11, 20, 14, 30), "+08:00"),
        ("2026-11-20T06:30:00Z", False, datetime(2026, 11, 20, 6, 30), "Z"),
        ("2026-11-20T06:30:00.250-05:00", False, datetime(2026, 11, 20, 6, 30, 0, 250000), "-05:00"),
        ("2026-11-20T06:30:00", False, datetime(2026, 11, 20, 6, 30), None),
        ("20000301141430", True, datetime(2000, 3, 1, 14, 14, 30), None),
        ("20261120140000+0800", True, datetime(2026, 11, 20, 14), "+08:00"),
        ("20200518160000Z", True, datetime(2020, 5, 18, 16), "Z"),
    ],
)
def test_times_keep_the_wall_clock_and_drop_the_offset(text, compact, wall, offset):
    assert parse_wall_time(text, compact=compact) == (wall, offset)


def test_a_bad_end_time_names_the_line():
    stream = io.BytesIO(
        f'<measCollecFile xmlns="{NS_32435}">\n<measData><measInfo>\n'
        '<granPeriod duration="PT900S" endTime="yesterday"/></measInfo></measData></measCollecFile>'.encode()
    )
    with pytest.raises(DataError, match=r"<stream>:3: not a time: 'yesterday'"):
        read_pm_xml(stream)


def test_to_floats():
    values, absent, odd = to_floats(["9007199254740991", "NIL", "", None, "2.5", "abc", " 7 ", "-", "N/A", "nan"])
    assert values[0] == 2**53 - 1 and values[4] == 2.5 and values[6] == 7.0
    assert np.isnan(values[[1, 2, 3, 5, 7, 8, 9]]).all()
    assert (absent, odd) == (6, 1)
    values, absent, odd = to_floats(["1", "2", None, "nan", "-3.5e2"])
    assert values[[0, 1, 4]].tolist() == [1.0, 2.0, -350.0] and (absent, odd) == (2, 0)


@pytest.mark.parametrize(
    "body",
    [
        '<measTypes>a b c</measTypes><measValue measObjLdn="GsmCell=A"><measResults>NIL 2 NIL</measResults></measValue>',
        '<measType p="1">a</measType><measType p="2">b</measType><measType p="3">c</measType>'
        '<measValue measObjLdn="GsmCell=A"><r p="1">NIL</r><r p="2">2</r><r p="3"> NIL </r></measValue>',
    ],
)
def test_nil_is_absent_in_both_forms(body):
    report = PmReport()
    frame = read_pm_xml(measinfo_file(body), report)
    assert np.isnan(frame["a"].iloc[0]) and frame["b"].iloc[0] == 2.0 and np.isnan(frame["c"].iloc[0])
    assert (report.absent_values, report.non_numeric_values) == (2, 0)


def test_nil_is_absent_in_mdc():
    stream = io.BytesIO(
        b"<mdc><md><mi><mts>20261120140000</mts><gp>900</gp><mt>a</mt><mt>b</mt>"
        b"<mv><moid>GsmCell=A</moid><r>NIL</r><r>4</r></mv></mi></md></mdc>"
    )
    report = PmReport()
    frame = read_pm_xml(stream, report)
    assert np.isnan(frame["a"].iloc[0]) and frame["b"].iloc[0] == 4.0 and report.absent_values == 1


# ---------------------------------------------------------------------------------------------- writer


def spec_frame() -> pd.DataFrame:
    """The Annex example's data, as the writer takes it."""
    return pd.DataFrame(
        {
            "object": [
                "RncFunction=RF-1,UtranCell=Gbg-997",
                "RncFunction=RF-1,UtranCell=Gbg-998",
                "RncFunction=RF-1,UtranCell=Gbg-999",
            ],
            "start_time": pd.Timestamp("2000-03-01 13:59:30"),
            "period_min": 15,
            "attTCHSeizures": [234, 890, 456],
            "succTCHSeizures": [345, 901, 567],
            "attImmediateAssignProcs": [567, 123, 678],
            "succImmediateAssignProcs": [789, 234, 789],
            "suspect": [False, False, True],
        }
    )


@pytest.mark.parametrize(("form", "spec_file"), [("list", "spec_32435_list.xml"), ("indexed", "spec_32435_indexed.xml")])
def test_writer_reproduces_what_the_spec_example_says(tmp_path, form, spec_file):
    written = write_meas_collec(spec_frame(), tmp_path / "A.xml", counters=SPEC_COUNTERS, form=form, gzip=False, offset="+02:00")
    assert written == tmp_path / "A.xml"
    assert sniff(written.read_bytes()[:2048]) == MEAS_COLLEC
    pd.testing.assert_frame_equal(read_pm_xml(written), read_pm_xml(CORPUS / spec_file))
    # laid out as the example: the same elements in the same order, with the same attributes
    ours, theirs = (etree.parse(str(p)).getroot() for p in (written, CORPUS / spec_file))
    measinfo = f"{{{NS_32435}}}measData/{{{NS_32435}}}measInfo"
    assert [e.tag for e in ours.find(measinfo)] == [e.tag for e in theirs.find(measinfo)]
    assert [e.tag for e in ours] == [e.tag for e in theirs]
    assert [dict(e.attrib) for e in ours.iter(f"{{{NS_32435}}}granPeriod")] == [
        {"duration": "PT900S", "endTime": "2000-03-01T14:14:30+02:00"}
    ]


def test_writer_round_trip_with_cell_names_groups_gzip_and_absent_values(tmp_path):
    frame = pd.DataFrame(
        {
            "cell": ["Gbg-997", "Market, East", "Gbg-997", "Market, East"],
            "start_time": pd.to_datetime(["2026-11-20 14:00", "2026-11-20 14:00", "2026-11-20 14:15", "2026-11-20 14:15"]),
            "period_min": 15,
            "attTCHSeizures": [120, 4294967295, 130, 0],
            "succTCHSeizures": [118.0, NaN, 125.0, 0.1],
            "meanNbrOfAvailableTCHs": [14.5, 6.25, NaN, 1 / 3],
        }
    )
    groups = {"TCH": ["attTCHSeizures", "succTCHSeizures"], "AVAIL": ["meanNbrOfAvailableTCHs"]}
    for form in ("list", "indexed"):
        written = write_meas_collec(frame, tmp_path / f"B_{form}.xml", counters=groups, form=form, offset="+08:00")
        assert written.name == f"B_{form}.xml.gz" and written.read_bytes()[:2] == b"\x1f\x8b"
        report = PmReport()
        back = read_pm_xml(written, report)
        assert report.blocks == 4 and dict(report.offsets) == {"+08:00": 4}
        assert list(back["object"]) == ["GsmCell=Gbg-997", "GsmCell=Market\\, East"] * 2
        assert list(back["cell"]) == ["Gbg-997", "Market, East"] * 2
        assert list(back["meas_info"]) == ["TCH+AVAIL"] * 4
        expected = frame.iloc[:, 1:].astype({"start_time": "datetime64[ns]", "attTCHSeizures": "float64"})
        pd.testing.assert_frame_equal(back[["start_time", "period_min", *frame.columns[3:]]], expected)


def test_writer_refuses_an_unknown_form(tmp_path):
    with pytest.raises(ValueError, match="form"):
        write_meas_collec(spec_frame(), tmp_path / "x.xml", counters=SPEC_COUNTERS, form="wide")


def test_counter_names_with_spaces_need_the_indexed_form(tmp_path):
    frame = spec_frame().rename(columns={"attTCHSeizures": "K3014:Traffic Volume on TCH (Erl)"})
    counters = ["K3014:Traffic Volume on TCH (Erl)", "succTCHSeizures"]
    with pytest.raises(ValueError, match="need form='indexed'"):
        write_meas_collec(frame, tmp_path / "x.xml", counters=counters, form="list")
    back = read_pm_xml(write_meas_collec(frame, tmp_path / "x.xml", counters=counters, form="indexed"))
    assert back["K3014:Traffic Volume on TCH (Erl)"].tolist() == [234.0, 890.0]


def test_a_block_whose_rows_were_all_left_out_keeps_its_counters():
    stream = io.BytesIO(
        f'<measCollecFile xmlns="{NS_32435}"><measData>'
        '<measInfo measInfoId="A"><granPeriod duration="PT900S" endTime="2026-11-20T10:00:00"/>'
        '<measTypes>a</measTypes><measValue measObjLdn="GsmCell=X"><measResults>1</measResults></measValue></measInfo>'
        '<measInfo measInfoId="B"><granPeriod duration="PT900S" endTime="2026-11-20T10:00:00"/>'
        '<measTypes>b</measTypes><measValue measObjLdn="GsmCell=X"><measResults>2</measResults>'
        "<suspect>true</suspect></measValue></measInfo>"
        "</measData></measCollecFile>".encode()
    )
    frame = read_pm_xml(stream)
    assert list(frame.columns[5:]) == ["meas_info", "a", "b"]
    assert frame["a"].tolist() == [1.0] and np.isnan(frame["b"].iloc[0]) and frame["meas_info"].tolist() == ["A"]


@pytest.mark.parametrize("purge", [1, 2, 3, 256])
def test_usual_and_unusual_rows_mixed_keep_each_objects_values(monkeypatch, purge):
    """Usual rows (one result list) are parsed a block at a time, any other row on its own: in any mix,
    and across purges, every object keeps its own values in its own order."""
    monkeypatch.setattr(_BlockReader, "PURGE_EVERY", purge)
    rows = []
    expected = {}
    for i in range(12):
        kind = i % 4
        if kind == 0:  # usual
            rows.append(f'<measValue measObjLdn="GsmCell=C{i}"><measResults>{i} {i + 100}</measResults></measValue>')
            expected[f"C{i}"] = [i, i + 100]
        elif kind == 1:  # suspect: left out
            rows.append(f'<measValue measObjLdn="GsmCell=C{i}"><measResults>9 9</measResults><suspect>true</suspect></measValue>')
        elif kind == 2:  # results and suspect false: two children, read on its own
            rows.append(f'<measValue measObjLdn="GsmCell=C{i}"><measResults>{i} NIL</measResults><suspect>false</suspect></measValue>')
            expected[f"C{i}"] = [i, NaN]
        else:  # a list too short: skipped and noted
            rows.append(f'<measValue measObjLdn="GsmCell=C{i}"><measResults>{i}</measResults></measValue>')
    text = (f'<measCollecFile xmlns="{NS_32435}"><measData><measInfo><granPeriod duration="PT900S" '
            'endTime="2026-11-20T14:15:00"/><measTypes>a b</measTypes>' + "".join(rows) + "</measInfo></measData></measCollecFile>")
    report = PmReport()
    frame = read_pm_xml(io.BytesIO(text.encode()), report)
    got = {cell: [a, b] for cell, a, b in zip(frame["cell"], frame["a"], frame["b"])}
    assert list(got) == list(expected)
    for cell, values in expected.items():
        assert got[cell][0] == values[0] and (got[cell][1] == values[1] or (math.isnan(got[cell][1]) and math.isnan(values[1])))
    assert (report.suspect_left_out, report.bad_rows) == (3, 3)


def test_a_big_block_never_holds_more_than_a_purge_of_rows_in_the_tree(tmp_path, monkeypatch):
    """One measInfo of 20,000 objects: the rows read are dropped from the tree every PURGE_EVERY rows."""
    import netdiag.io.pm_xml.reader as reader

    frame = pd.DataFrame({"cell": [f"C{i}" for i in range(20000)], "start_time": pd.Timestamp("2026-11-20"),
                          "period_min": 15, "k0": np.arange(20000.0), "k1": 1.0})
    path = write_meas_collec(frame, tmp_path / "one_block.xml", counters=["k0", "k1"], gzip=False)
    held = []
    free = reader._free_upto

    def counting(parent, upto):
        held.append(len(parent))
        free(parent, upto)

    monkeypatch.setattr(reader, "_free_upto", counting)
    read = read_pm_xml(path)
    assert len(read) == 20000 and read["k0"].sum() == frame["k0"].sum()
    # a purge's rows plus what the parser has built ahead of them (a buffer of bytes): bounded, whatever the block's size
    # (the rows after the last purge go with the block, emptied whole at its end)
    assert len(held) >= 20000 // _BlockReader.PURGE_EVERY - 1 and max(held) < 4 * _BlockReader.PURGE_EVERY
