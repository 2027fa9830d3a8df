"""Property tests: whatever bytes or YAML arrive, netdiag answers with a clean one-line error or a
correct result, never a traceback.

Readers: random bytes, and random delimited files built from known header spellings, junk,
Chinese, empty cells, preambles, all delimiters and encodings, fed to parsing.parse_text and
readers.read_raw. A result must be a canonical frame (schema columns and dtypes only), every
data line accounted for (kept, rejected with its physical line, or a footer), never more rows than
data lines. Rules and profiles: random YAML documents and random mutations of the shipped rule
files fed to load_rule_file and load_profile (+ apply_profile).

Hypothesis runs derandomized and without an example database, so CI sees the same examples on
every run.
"""

from __future__ import annotations

import ast
import csv
import re
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netdiag.errors import DataError, RuleError
from netdiag.io.parsing import DELIMITERS, decode, parse_sheet, parse_text
from netdiag.rules.profile import apply_profile, load_profile
from netdiag.io.readers import read_raw
from netdiag.rules.loader import CompiledRule, load_rule_file, load_rules
from netdiag.io.schema import FLAG, FLOAT, INT, PCT, TABLES, TEXT, TIME

ROOT = Path(__file__).resolve().parents[1]
RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))
NAME = "fuzz/export.csv"

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
FEWER = settings(PROPERTY, max_examples=100)

DTYPES = {TEXT: "object", INT: "Int64", FLOAT: "float64", PCT: "float64", FLAG: "boolean", TIME: "datetime64[ns]"}
LINE_BREAKS = re.compile(r"\r\n|\r|\n")  # what pyarrow splits lines at
LOST = re.compile(r"(\d+) lines? from here on lost in an unclosed quote$")


def clean(error: BaseException, name: str) -> None:
    """A netdiag error a user can read: one line, naming the file, no traceback text."""
    message = str(error)
    assert message.startswith(name), message
    assert "\n" not in message and "\r" not in message, message
    assert "Traceback" not in message and "File \"" not in message, message


# --------------------------------------------------------------------------------------- readers
def physical_lines(text: str) -> list[str]:
    return LINE_BREAKS.split(text)


def check_read(raw: bytes, table: str | None = None, exact_lines: bool = True) -> pd.DataFrame | None:
    """parse_text + read_raw on raw bytes: a clean DataError, or a frame that keeps every promise."""
    try:
        parsed = parse_text(raw, NAME)
        frame, report = read_raw(parsed, NAME, table)
    except DataError as error:  # UnknownTable is a DataError
        clean(error, NAME)
        return None
    spec = TABLES[report.table]
    assert list(frame.columns) == list(dict.fromkeys(frame.columns))
    assert set(frame.columns) <= set(spec.column_names)
    for column in frame.columns:
        assert str(frame[column].dtype) == DTYPES[spec.column_map[column].kind], (column, frame[column].dtype)
    for column in frame.columns:  # text is stripped, non-empty text or missing
        if spec.column_map[column].kind == TEXT:
            assert all(pd.isna(v) or (isinstance(v, str) and v == v.strip() and v) for v in frame[column])
    assert all(frame[k].notna().all() for k in spec.keys if k in frame)  # no row without its key
    assert report.rows == len(frame)
    text, _ = decode(raw, NAME)
    lines = physical_lines(text)
    data = [i for i, line in enumerate(lines[report.header_line:], start=report.header_line + 1) if line != ""]
    assert len(frame) <= len(data)
    rejected = [line for line, _ in report.rejected]
    assert all(line is not None and report.header_line < line <= len(lines) for line in rejected), report.rejected
    if exact_lines:
        # every data line is kept, rejected (once, by its own physical line) or a footer: none lost
        # silently (lines lost to an unclosed quote are reported as one entry: "N lines from here on ...")
        assert len(set(rejected)) == len(rejected)
        covered = sum(int(m.group(1)) if (m := LOST.match(why)) else 1 for _, why in report.rejected)
        assert len(frame) + covered + report.footer_rows == len(data), (len(frame), report.rejected, report.footer_rows, data)
        for line, why in report.rejected:
            content = lines[line - 1]
            fields = re.match(r"(\d+) fields where the header has (\d+)$", why)
            if fields:
                count = len(next(csv.reader([content], delimiter=parsed.delimiter), []))
                assert count == int(fields.group(1)), (line, content, why)
            elif LOST.match(why):
                assert content != "", (line, why)
            elif not why.endswith(": no value in a key column"):
                # "column X: cannot read 'v' as ..." or "column X: 'v' is negative": v is on that line
                value = re.match(r"column \w+: (?:cannot read (.*) as .*|(.*) is negative)$", why)
                assert value, why
                assert ast.literal_eval(value.group(1) or value.group(2)) in content, (line, content, why)
    return frame


@PROPERTY
@given(st.binary(max_size=3000))
def test_random_bytes(raw):
    check_read(raw)


HEADS = [
    b"start_time,cell,tch_drops\n2026-11-20 14:00,A1,3\n",
    "开始时间;小区名称;TCH Drops (次)\r\n2026-11-20 14:00;光谷1;3\r\n".encode("gb18030"),
    b"\xef\xbb\xbfcell\tbsc\tlac\nA1\tBSC1\t4101\n",
]


@PROPERTY
@given(st.sampled_from(HEADS), st.binary(max_size=1500))
def test_random_bytes_below_a_real_header(head, body):
    # (line by line only roughly: random bytes may hold any quoting)
    check_read(head + body, exact_lines=False)


def _spellings() -> list[str]:
    """Header spellings the formats promise: every alias, in other case, with units, spaced."""
    out: set[str] = set()
    for table in TABLES.values():
        for column in table.columns:
            for alias in (column.name, *column.aliases):
                out.add(alias)
                out.add(alias.upper())
                out.add(alias.replace("_", " ").title())
    units = [" (次)", " [times]", "（次）", " (Erl)", "[%]"]
    return sorted(out) + [f"{s}{u}" for s in ("TCH Drops", "tch_seizures", "开始时间", "Cell Name") for u in units]


SPELLINGS = _spellings()
CHINESE = ["开始时间", "小区名称", "日期", "时间", "掉话率", "话务量", "合计", "备注", "载频", "邻区", "位置区", "频点"]
# Any character but the line ends and the quote (test_an_unclosed_quote_loses_no_row_silently has
# quotes): control characters, form feeds, NEL and U+2028 included.
SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n')
junk = st.text(SAFE, max_size=10)
header_cell = st.one_of(st.sampled_from(SPELLINGS), st.sampled_from(CHINESE), junk, st.just(""))

TIME_FORMATS = ["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d", "%d.%m.%Y %H:%M"]
times = st.builds(lambda t, f: t.strftime(f), st.datetimes(pd.Timestamp("2001-01-01").to_pydatetime(),
                                                            pd.Timestamp("2099-12-31").to_pydatetime()),
                  st.sampled_from(TIME_FORMATS))
LITERALS = ["", " ", "NIL", "nil", "/0", "-", "N/A", "--", "NULL", "1,234", "12.5%", "-3", "0", "7", "3.5", "1e3",
            "abc", "合计", "Total", "Total Plaza", "总计", "TRUE", "no", "BARRED", "yes", "UNBARRED", "53", "03", "BSC01/S1/A1/TRX2",
            "20/11/2026 14:00", "2026-11-20 14:00", "05/11/2026", "25:99", "2026-13-45 10:00"]


cell_value = st.one_of(
    st.sampled_from(LITERALS), times, st.integers(-10, 10**7).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:.3f}"), junk,
    st.sampled_from(["inf", "-Infinity", "nan", "1e400", "9" * 25, "9,223,372,036,854,775,808", "1e18"]),
)


def spellings_of(table: str, column: str) -> list[str]:
    spec = TABLES[table].column_map[column]
    names = [spec.name, *spec.aliases]
    return names + [n.upper() for n in names] + [n.replace("_", " ").title() + " (次)" for n in names]


def kind_value(kind: str, delimiter: str) -> st.SearchStrategy[str]:
    """A value of a column's kind as exports write it (or, now and then, as they should not)."""
    missing = st.sampled_from(["", "NIL", "/0", "-", "N/A", "--"])
    number = st.integers(0, 10**6)
    thousands = number.map(lambda n: f"{n:,}") if delimiter != "," else number.map(str)
    written = {
        TIME: times,
        INT: st.one_of(number.map(str), thousands),
        FLOAT: st.floats(-1e5, 1e5, allow_nan=False).map(lambda x: f"{x:.2f}"),
        PCT: st.floats(0, 100, allow_nan=False).map(lambda x: f"{x:.1f}" + ("%" if x > 50 else "")),
        FLAG: st.sampled_from(["1", "0", "true", "False", "yes", "NO", "BARRED", "unbarred"]),
        TEXT: st.one_of(st.from_regex(r"[A-Z]{1,3}_?[0-9]{1,4}", fullmatch=True), st.sampled_from(["光谷1", "汉口站", "BSC01/S1/A1/TRX2"])),
    }[kind]
    return st.one_of(written, written, written, written, written, missing, cell_value)


@st.composite
def delimited_files(draw, unclosed_quote: bool = False):
    """(bytes, table forced or None) of a file as an OMC-R might write it: the columns of one table
    (keys always, some others), spelt any way the formats allow, among junk, Chinese and empty cells."""
    delimiter = draw(st.sampled_from(DELIMITERS))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    table = draw(st.sampled_from(sorted(TABLES)))
    spec = TABLES[table]
    others = [c for c in spec.column_names if c not in spec.keys]
    columns = list(spec.keys) + draw(st.lists(st.sampled_from(others), max_size=6, unique=True)) if others else list(spec.keys)
    if draw(st.integers(0, 9)) == 0 and len(columns) > 1:
        columns.pop(draw(st.integers(0, len(columns) - 1)))  # a key missing now and then
    header = [draw(st.sampled_from(spellings_of(table, c))) for c in columns]
    kinds = [spec.column_map[c].kind for c in columns]
    for _ in range(draw(st.integers(0, 3))):  # junk, Chinese, empty or another table's columns
        at = draw(st.integers(0, len(header)))
        header.insert(at, draw(header_cell))
        kinds.insert(at, TEXT)
    if draw(st.booleans()):  # a header written twice
        at = draw(st.integers(0, len(header) - 1))
        header.append(header[at])
        kinds.append(kinds[at])
    width = len(header)
    assume(width >= 2)
    preamble = draw(st.lists(st.builds(lambda k, v: f"{k}:{delimiter}{v}", junk, junk), max_size=6))

    def row(exact: bool) -> list[str]:
        cells = [draw(kind_value(kind, delimiter)) for kind in kinds]
        if not exact:
            cells = cells[: draw(st.integers(1, width))] + draw(st.lists(cell_value, max_size=1))
        return cells

    rows = [row(draw(st.integers(0, 4)) > 0) for _ in range(draw(st.integers(0, 8)))]
    if draw(st.booleans()):
        rows.append([draw(st.sampled_from(["合计", "Total", "总计", ""]))] + [""] * (width - 1))  # a footer
    lines = preamble + [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    extras = st.sampled_from(["", "", " ", "\t", "\x0c", "\x0b", "\x1c", "\x85", "\u2028", delimiter * (width - 1)])
    for _ in range(draw(st.integers(0, 3))):  # blank lines, page breaks, odd separators, empty rows
        lines.insert(draw(st.integers(0, len(lines))), draw(extras))
    if unclosed_quote:
        quoted = delimiter.join(f'"{v}' if i == 1 else v for i, v in enumerate(row(True)))
        lines.insert(draw(st.integers(len(preamble) + 1, len(lines))), quoted)
    forced = draw(st.one_of(st.none(), st.none(), st.just(table), st.sampled_from(sorted(TABLES))))
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    return text.encode(encoding), forced


@PROPERTY
@given(delimited_files())
def test_random_delimited_files(case):
    raw, table = case
    check_read(raw, table)


@FEWER
@given(delimited_files())
def test_a_readable_file_reads_the_same_with_its_table_named(case):
    """What a header identifies, naming that table (a files: map) reads identically."""
    raw, _ = case
    try:
        parsed = parse_text(raw, NAME)
        frame, report = read_raw(parsed, NAME)
    except DataError:
        return
    again, report_again = read_raw(parse_text(raw, NAME), NAME, report.table)
    pd.testing.assert_frame_equal(frame, again)
    assert report_again.rejected == report.rejected


@PROPERTY
@given(delimited_files(unclosed_quote=True))
def test_an_unclosed_quote_loses_no_row_silently(case):
    # Was: pyarrow read the rest of the file as one field and the rows after it vanished unreported.
    raw, table = case
    check_read(raw, table)


sheet_value = st.one_of(
    st.none(), st.sampled_from(LITERALS), st.integers(-10, 10**6), st.floats(-1e6, 1e6, allow_nan=False),
    st.datetimes(pd.Timestamp("2001-01-01").to_pydatetime(), pd.Timestamp("2099-12-31").to_pydatetime()), junk,
)


@PROPERTY
@given(st.lists(st.lists(st.one_of(header_cell, sheet_value), max_size=8), max_size=4),
       st.lists(st.one_of(header_cell, st.none()), min_size=0, max_size=8), st.lists(st.sampled_from(SPELLINGS), min_size=2, max_size=3, unique=True),
       st.lists(st.lists(sheet_value, max_size=10), min_size=1, max_size=8))
def test_random_sheets(preamble, header, known, rows):
    name = "fuzz/book.xlsx!Sheet1"
    header = known + header
    try:
        parsed = parse_sheet(preamble + [header] + rows, name)
        frame, report = read_raw(parsed, name)
    except DataError as error:
        clean(error, name)
        return
    spec = TABLES[report.table]
    assert set(frame.columns) <= set(spec.column_names)
    for column in frame.columns:
        assert str(frame[column].dtype) == DTYPES[spec.column_map[column].kind]
    assert len(frame) + len(report.rejected) + report.footer_rows <= len(rows) + len(preamble) + 1


# ----------------------------------------------------------------------------------- rules, profiles
RULE_KEYS = ["id", "cause", "level", "symptoms", "requires", "parameters", "condition", "persistence", "score",
             "severity", "generic", "explained_by", "evidence", "title", "remedy", "description", "source", "tests"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), junk,
                    st.sampled_from(["cell", "trx", "high", "vswr_alarm", "cell_kpi", "drop_rate >= 0.1", "{x}", "zh",
                                     "en", "1", "tch_drops", "cells", "A,B\n1,2\n"]))
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(RULE_KEYS + ["zh", "en", "default", "description"]), junk),
                                            inner, max_size=5)),
    max_leaves=20,
)
rule_documents = st.one_of(
    st.dictionaries(st.sampled_from(RULE_KEYS), yaml_values, max_size=len(RULE_KEYS)),
    yaml_values,
)


def _write(folder: str, name: str, text: str | bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", errors="surrogatepass"))
    return path


def check_rule(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, "rule.yaml", text)
        try:
            rule = load_rule_file(path)
        except RuleError as error:
            clean(error, str(path))
            assert re.match(rf"{re.escape(str(path))}:\d+: ", str(error)), str(error)
            return
        assert isinstance(rule, CompiledRule) and re.fullmatch(r"[a-z][a-z0-9_]*", rule.id)


@PROPERTY
@given(rule_documents)
def test_random_rule_documents(document):
    check_rule(yaml.safe_dump(document, allow_unicode=True))


RULE_DOCUMENTS = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in RULE_FILES]
# Values that are nearly right: they get past the YAML and the model to the rule compiler.
NEARLY = {
    "id": ["Bad-Id", "x", "vswr_alarm", ""],
    "cause": ["cell_congestion", "no_such_cause", "msc_crossed_wires", 3],
    "level": ["cell", "trx", "bsc", "network", "circuit_group", "planet"],
    "symptoms": [["call_drop"], ["no_such_symptom"], [], None],
    "requires": [["cell_kpi"], ["complaints"], ["nope"], "cell_kpi"],
    "parameters": [{"x": {"default": 1, "description": "d"}}, {"tch_drops": {"default": 1, "description": "d"}},
                   {"x": {"default": None, "description": "d"}}, {"x": {"default": 1}}, []],
    "condition": ["tch_drops >= 1", "tch_drops >>= 1", "nope > 1", "x > 1", "1/0", "tch_drops", "(", "drop_rate > min_rate"],
    "score": ["0.5", "clip(", "tch_drops / 0", "periods_hit / 2", "'a'", "persistence"],
    "persistence": [{"min_periods": 2}, {"min_periods": 0}, {"min_share": 2}, {"min_periods": 1, "extra": 1}],
    "severity": ["low", "critical", "fatal"],
    "evidence": [["tch_drops"], ["nope"], [], ["periods_hit"]],
    "title": [{"zh": "{nope}", "en": "x"}, {"zh": "x", "en": "{tch_drops:.1%"}, {"zh": "x", "en": "{tch_drops}"}, {"zh": ""}],
    "remedy": [{"zh": "x", "en": "y"}, "fix it", None],
    "explained_by": [["vswr_alarm"], ["nope"], "vswr_alarm"],
    "tests": [[{"name": "t", "tables": {"cells": "cell\nA\n"}, "expect": []}],
              [{"name": "t", "tables": {"cells": "cell\nA\n"}, "expect": [], "parameters": {"nope": 1}}],
              [{"name": "t", "tables": {"nope": "a\n"}, "expect": [{"object": "A"}]}]],
}


@st.composite
def rule_variants(draw):
    """A shipped rule with one to three keys dropped, replaced by a nearly-right value, or by anything."""
    document = dict(draw(st.sampled_from(RULE_DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(sorted(NEARLY)))
        how = draw(st.sampled_from(["drop", "nearly", "nearly", "anything"]))
        if how == "drop":
            document.pop(key, None)
        elif how == "nearly":
            document[key] = draw(st.sampled_from(NEARLY[key]))
        else:
            document[key] = draw(yaml_values)
    return document


@PROPERTY
@given(rule_variants())
def test_rule_variants(document):
    check_rule(yaml.safe_dump(document, allow_unicode=True))


@PROPERTY
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400)))
def test_random_rule_text(text):
    check_rule(text)


@st.composite
def mutated(draw, sources: list[str]):
    """A real file's text with a few random edits: lines dropped, doubled, swapped, re-indented, values replaced."""
    lines = draw(st.sampled_from(sources)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "double", "swap", "indent", "dedent", "value", "insert", "chars"]))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.one_of(junk, st.sampled_from(['[]', '{}', '~', '-1', '1e9', '&a x', '*a', '!!python/name:os.system', '[a, b', 'high', 'trx', 'yes'])))}"
        elif op == "insert":
            lines.insert(i, draw(st.text(SAFE, max_size=30)))
        elif op == "chars" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.text(max_size=3)) + lines[i][k + 1:]
    return "\n".join(lines) + "\n"


RULE_TEXTS = [p.read_text(encoding="utf-8") for p in RULE_FILES]


@PROPERTY
@given(mutated(RULE_TEXTS))
def test_mutated_rule_files(text):
    check_rule(text)


def test_every_shipped_rule_file_loads():
    assert RULE_FILES and all(isinstance(load_rule_file(p), CompiledRule) for p in RULE_FILES)


SHIPPED = load_rules()
RULE_IDS = [r.id for r in SHIPPED]
PARAMETERS = sorted({name for r in SHIPPED for name in r.params})
safe_path = st.sampled_from(["", ".", "nope", "extra", "extra/x.yaml", "rule.yaml"])
profile_documents = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "rules": st.dictionaries(
                st.one_of(st.sampled_from(RULE_IDS), junk),
                st.one_of(
                    st.fixed_dictionaries({}, optional={
                        "enabled": st.one_of(st.booleans(), scalars),
                        "severity": st.one_of(st.sampled_from(["low", "medium", "high", "critical"]), scalars),
                        "parameters": st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), junk), scalars, max_size=3),
                        "when": scalars,
                    }),
                    yaml_values,
                ),
                max_size=4,
            ),
            "rule_paths": st.one_of(st.lists(safe_path, max_size=2), scalars),
            "files": yaml_values,
            "alarm_dictionary": yaml_values,
            "rule_path": yaml_values,
        },
    ),
    yaml_values,
)
PROFILE_EXAMPLE = """\
rules:
  high_drop_cell: {parameters: {min_rate: 0.03}, severity: medium}
  paging_barred: {enabled: false}
rule_paths: [extra/]
files:
  "PRS_*.csv": cell_kpi
"""
EXTRA_RULE = (ROOT / "rules" / "vswr_alarm.yaml").read_text(encoding="utf-8").replace("id: vswr_alarm", "id: vswr_alarm_extra")


def check_profile(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "extra").mkdir()
        _write(folder, "extra/x.yaml", EXTRA_RULE)
        path = _write(folder, "netdiag.yaml", text)
        try:
            profile = load_profile(path)
            ruleset = apply_profile(SHIPPED, profile)
        except RuleError as error:
            message = str(error)
            assert "\n" not in message and "Traceback" not in message, message
            assert re.match(rf"{re.escape(folder)}/\S+:\d+: ", message), message
            return
        assert all(isinstance(rule, CompiledRule) for rule in ruleset)
        assert {r.id for r in ruleset} <= set(RULE_IDS) | {"vswr_alarm_extra"}


@PROPERTY
@given(profile_documents)
def test_random_profiles(document):
    check_profile(yaml.safe_dump(document, allow_unicode=True))


@PROPERTY
@given(st.one_of(mutated([PROFILE_EXAMPLE]), st.text(max_size=300)))
def test_mutated_profiles(text):
    check_profile(text)
