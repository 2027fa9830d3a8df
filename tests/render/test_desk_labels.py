"""The desk's labels: every column, value, note and KPI the desk shows has its Chinese and English."""

from __future__ import annotations

import re

from netdiag.cases.kpis import KPIS
from netdiag.cases.model import CATEGORIES, CLASSES, FOLLOWUPS, STATUSES, VERDICTS
from netdiag.cases.report import NOTES
from netdiag.render import labels


def test_both_languages_have_the_same_keys():
    for table in (labels.CASE_VALUES, labels.CASE_TEXTS, labels.CASE_NOTES, labels.KPI_NAMES, labels.REPORT_NOTES, labels.CASE_COLUMNS):
        assert set(table["zh"]) == set(table["en"])
        assert all(table["zh"].values()) and all(table["en"].values())


def test_every_column_the_desk_shows_is_labelled():
    shown = {*labels.CASE_LIST_COLUMNS, *labels.CASE_FIELDS, *labels.HOTSPOT_EVENT_COLUMNS, *labels.SURGE_EVENT_COLUMNS,
             *labels.RECHECK_COLUMNS, *labels.HISTORY_COLUMNS}
    assert shown <= set(labels.CASE_COLUMNS["en"]), shown - set(labels.CASE_COLUMNS["en"])


def test_every_value_of_a_case_is_named():
    from netdiag.cases.kpis import VERDICTS as RECHECK

    values = {*STATUSES, *CLASSES, *CATEGORIES, *FOLLOWUPS, *VERDICTS, *RECHECK, "improved", "worse", "unchanged", "no_data",
              "unknown_cell", "occurred_after_received", "cell", "bsc", "region"}
    assert values <= set(labels.CASE_VALUES["zh"]), values - set(labels.CASE_VALUES["zh"])
    assert set(KPIS) == set(labels.KPI_NAMES["en"])


def test_notes_have_the_same_placeholders_in_both_languages():
    assert set(NOTES) == set(labels.REPORT_NOTES["en"])
    for table in (labels.CASE_NOTES, labels.REPORT_NOTES, labels.CASE_TEXTS):
        for key in table["en"]:
            assert set(re.findall(r"{(\w+)", table["zh"][key])) == set(re.findall(r"{(\w+)", table["en"][key])), key


def test_the_triage_s_and_links_notes_are_all_labelled():
    from pathlib import Path

    import netdiag.cases

    folder = Path(netdiag.cases.__file__).parent
    used = set(re.findall(r'_text\("(\w+)"', (folder / "triaging.py").read_text(encoding="utf-8")))
    used |= set(re.findall(r'note(?:, out\.note_values)? = "(\w+)"', (folder / "linking.py").read_text(encoding="utf-8")))
    assert used and used <= set(labels.CASE_NOTES["en"]), used - set(labels.CASE_NOTES["en"])
