"""The PM XML reader's fast paths give what reading row by row gives: bytes fed a chunk at a time
(a row cut anywhere between two chunks), rows purged from a block as it grows, and blocks of usual
rows waiting to be converted together (parse_list_runs), falling back block by block."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from netdiag.io.pm_xml import NS_32435, PmReport, read_pm_xml
from netdiag.io.pm_xml.reader import _BlockReader
from netdiag.io.pm_xml.values import parse_list_runs, parse_lists

CORPUS = Path(__file__).resolve().parent / "pm_xml"


def _facts(report: PmReport) -> tuple:
    return (report.blocks, report.rows, report.suspect_left_out, report.absent_values, report.non_numeric_values,
            report.bad_rows, dict(report.counters), list(report.notes))


def _read(source, **settings) -> tuple[pd.DataFrame, tuple]:
    report = PmReport()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setattr(_BlockReader, name, value)
        frame = read_pm_xml(io.BytesIO(source) if isinstance(source, bytes) else source, report)
    return frame, _facts(report)


def _file(*blocks: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<measCollecFile xmlns="{NS_32435}"><measData>\n' + "\n".join(blocks)
            + "\n</measData></measCollecFile>\n").encode()


def _block(info: str, counters: str, *rows: str) -> str:
    return (f'<measInfo measInfoId="{info}">\n<granPeriod duration="PT900S" endTime="2026-11-20T10:00:00+08:00"/>\n'
            f"<measTypes>{counters}</measTypes>\n" + "\n".join(rows) + "\n</measInfo>")


def _row(cell: str, results: str, extra: str = "") -> str:
    return f'<measValue measObjLdn="GsmCell={cell}">\n  <measResults>{results}</measResults>{extra}\n</measValue>'


# Usual rows, NIL, a suspect row, a row too short, a value that is no number, a block named twice.
MIXED = _file(
    _block("A", "a b c", *[_row(f"C{i}", f"{i} {i + 1} NIL" if i % 5 == 0 else f"{i} {i + 1} {i + 2}") for i in range(40)],
           _row("S", "1 2 3", "<suspect>true</suspect>"), _row("T", "4 5 6", "<suspect>1</suspect>")),
    _block("B", "d e", _row("C1", "1 2"), _row("C2", "3 4", "<suspect>true</suspect>"), _row("C3", "5"), _row("C4", "6 7")),
    _block("C", "f", _row("C1", "x"), _row("C2", "8")),
    _block("D", "g g", _row("C1", "9 10"), _row("C2", " 11\t12 ")),
)


@pytest.mark.parametrize("source", [MIXED, CORPUS / "vendor_bsc.xml", CORPUS / "vendor_mdc.xml", CORPUS / "spec_32435_indexed.xml"])
@pytest.mark.parametrize(("chunk", "purge"), [(1, 1), (7, 2), (64, 3), (256, 1)])
def test_bytes_fed_in_any_chunks_and_purged_at_any_size_read_the_same(source, chunk, purge):
    whole, whole_facts = _read(source)
    pieces, pieces_facts = _read(source, CHUNK=chunk, PURGE_EVERY=purge, CONVERT_AT=2)
    pd.testing.assert_frame_equal(pieces, whole)
    assert pieces_facts == whole_facts


@pytest.mark.parametrize("wait", [0, 1, 100, 1 << 20])
def test_blocks_waiting_to_be_converted_together_read_as_one_by_one(wait):
    """However many blocks wait (a block that does not fit makes them fall back one by one), the
    table and the report are those of converting each block on its own."""
    alone, alone_facts = _read(MIXED, WAIT_VALUES=0)
    waited, waited_facts = _read(MIXED, WAIT_VALUES=wait)
    pd.testing.assert_frame_equal(waited, alone)
    assert waited_facts == alone_facts
    assert alone_facts[4:6] == (1, 1)  # x: no number; C3: one value for two counters
    assert alone_facts[2] == 3 and "S" not in set(alone["cell"])  # suspect: left out, counted
    assert alone["a"].tolist()[:3] == [0.0, 1.0, 2.0] and np.isnan(alone["c"].iloc[0])


def test_a_batch_of_usual_blocks_is_read_with_values_in_each_objects_row():
    frame, facts = _read(_file(_block("A", "a b", _row("X", "1 2"), _row("Y", "3 NIL")), _block("B", "c", _row("X", "5"), _row("Y", "6"))))
    assert frame[["a", "b", "c"]].to_numpy().tolist()[0] == [1.0, 2.0, 5.0]
    assert frame["cell"].tolist() == ["X", "Y"] and np.isnan(frame["b"].iloc[1]) and frame["c"].iloc[1] == 6.0
    assert facts[:4] == (2, 4, 0, 1)


@pytest.mark.parametrize(
    ("texts", "widths", "counts"),
    [
        (["1 2", "3  NIL", " 4 5 6 "], [2, 3], [2, 1]),
        (["1e3 -2.5 +3 .5 5. nan inf"], [7], [1]),
        (["NIL NIL", "0 0"], [2], [2]),
        (["1 2\n3", "4\t5\x1c"], [3, 2], [1, 1]),  # a list over two lines, whitespace of any kind
    ],
)
def test_list_runs_read_as_parse_lists_reads_each_run(texts, widths, counts):
    got = parse_list_runs(texts, widths, counts)
    expected, at = [], 0
    for width, count in zip(widths, counts):
        expected.append(parse_lists(texts[at : at + count], width).ravel())
        at += count
    np.testing.assert_array_equal(got, np.concatenate(expected))


def _runs_one_by_one(texts: list[str], widths: list[int], counts: list[int]) -> np.ndarray | None:
    """What parse_list_runs must give: each list split by str.split, NIL absent, Arrow's reading."""
    rows = [text.split() for text in texts]
    if not texts or not all(widths) or not "".join(texts).isascii():
        return None
    if [len(row) for row in rows] != [w for w, c in zip(widths, counts) for _ in range(c)]:
        return None
    try:
        return np.array([np.nan if t == "NIL" else float(pa.array([t]).cast(pa.float64())[0].as_py())
                         for row in rows for t in row], dtype=np.float64)
    except pa.ArrowInvalid:
        return None


def test_list_runs_split_at_any_whitespace_as_str_split_does():
    """Lists split over their bytes (numpy) and as Python would split them give the same tokens, at
    every kind of whitespace str.split() knows, at list ends, in empty lists and lists over lines."""
    rng = np.random.default_rng(5)
    pieces = ["1", "22", "-3.5", "NIL", "-NIL", "NILS", "1e3", "x", "nan", "", " ", "  ", "\t", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f"]
    for _ in range(400):
        widths = [int(w) for w in rng.integers(1, 4, size=rng.integers(1, 4))]
        counts = [int(c) for c in rng.integers(0, 4, size=len(widths))]
        texts = []
        for width, count in zip(widths, counts):
            for _row in range(count):
                if rng.random() < 0.85:  # a list of numbers, spaced in any way
                    values = [str(v) if rng.random() < 0.9 else "NIL" for v in rng.integers(-5, 500, size=width)]
                    seps = [" " if rng.random() < 0.8 else str(rng.choice(pieces[10:])) or " " for _ in values]
                    text = "".join(v + s for v, s in zip(values, seps))
                    texts.append(text if rng.random() < 0.5 else " " + text[:-1])
                else:
                    texts.append("".join(str(p) for p in rng.choice(pieces, size=rng.integers(0, 5))))
        got, expected = parse_list_runs(texts, widths, counts), _runs_one_by_one(texts, widths, counts)
        if expected is None:
            assert got is None, texts
        else:
            np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    ("texts", "widths", "counts"),
    [
        (["1 2", "3"], [2], [2]),  # a list too short
        (["1 2 3", "3"], [2], [2]),  # one too long, one too short: the same number of values in all
        (["1 x"], [2], [1]),  # no number
        (["NILS 1"], [2], [1]),  # NIL only as a whole value
        (["-NIL 1"], [2], [1]),  # (Arrow would read "-nan")
        (["1 2 3", ""], [2], [2]),  # an empty list: no values
        (["1 2"], [0], [1]),  # a block without counters
        (["\u0661 2"], [2], [1]),  # an Arabic-Indic digit: Python reads it, Arrow would not
        ([], [], []),
    ],
)
def test_list_runs_that_do_not_fit_are_left_to_the_caller(texts, widths, counts):
    assert parse_list_runs(texts, widths, counts) is None


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n<measCollecFile xmlns="' + NS_32435.encode() + b'" a=\'b\'>',
        b"\xef\xbb\xbf<mdc>",
        b'<measCollecFile xmlns="">',
        b'<mdc xmlns="urn:other">',
        b'<measCollecFile foo="a>b" xmlns="urn:other">',  # a '>' inside a value: the namespace still seen
        b'<measCollecFile\n  xmlns="http://www.3gpp.org/ftp/specs/archive/32_series/32.401#measCollec"\n  xmlns:x="urn:x">',
    ],
)
def test_the_quick_look_at_a_root_says_what_the_parser_says(head):
    from lxml import etree

    from netdiag.io.pm_xml.recognise import _classify, _quick_root

    parser = etree.XMLPullParser(events=("start",))
    parser.feed(head)
    parsed = _classify(etree.QName(next(iter(parser.read_events()))[1].tag))
    assert _quick_root(head) == parsed


@pytest.mark.parametrize(
    "head",
    [b'<x:measCollecFile xmlns:x="urn:x">', b"<!-- a comment --><mdc>", b'<measCollecFile a="&amp;">', b"<measCollecFile a=b>"],
)
def test_a_root_the_quick_look_is_unsure_of_is_left_to_the_parser(head):
    from netdiag.io.pm_xml.recognise import _quick_root

    assert _quick_root(head) is None


def test_a_gzipped_file_whose_root_comes_late_is_still_told_by_its_whole_head():
    """named_root decompresses only a file's first KiBs; past them the parser of root_of decides."""
    import gzip

    from netdiag.io.pm_xml import MEAS_COLLEC
    from netdiag.io.pm_xml.recognise import NAMED_ROOT_BYTES, named_root
    from netdiag.io.xml_sources import xml_bytes, xml_part

    late = b"<!-- " + b"x" * NAMED_ROOT_BYTES + b" -->\n" + MIXED.split(b"\n", 1)[1]
    packed = gzip.compress(late)
    assert named_root(packed) is None and named_root(gzip.compress(MIXED)) == MEAS_COLLEC
    assert xml_part("late.xml.gz", packed[:65536], lambda: io.BytesIO(packed)).kind == MEAS_COLLEC
    assert xml_bytes(late, "late.xml").kind == MEAS_COLLEC
