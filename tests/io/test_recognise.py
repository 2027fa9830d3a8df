"""Which table a header row is: by the counters it carries (the content score), never by its keys alone."""

from __future__ import annotations

import pytest

from netdiag.io.counters import load_counter_dictionary
from netdiag.io.recognise import AMBIGUOUS, COUNTERS, HEADER, KEYS_ONLY, PREFIX, UNKNOWN_COLUMNS, recognise

HUAWEI_CS = ["Result Time", "Granularity Period", "Object Name", "Reliability", "K3014:Traffic Volume on TCH (Erl)",
             "CM33:Call Drops on Traffic Channel", "K3020", "K3010A", "K3010B"]


@pytest.fixture(scope="module")
def dictionary():
    return load_counter_dictionary()


def test_a_huawei_cs_export_is_cell_statistics_by_its_counters(dictionary):
    found = recognise(HUAWEI_CS, "pmresult.csv", dictionary, ("2026-11-20 14:00", "60", "BSC01/GCELL:LABEL=S1, CellIndex=1", "Reliable"))
    assert (found.table, found.why) == ("cell_kpi", COUNTERS)
    assert found.scores["cell_kpi"] == 3  # tch_traffic_erl, tch_drops, tch_attempts
    assert found.object_column == 2 and found.object_keys == {"cell", "bsc"}


def test_renaming_one_header_does_not_make_a_cs_file_gprs_statistics(dictionary):
    """The issue's case: with one key renamed, a CS counter file used to be filed as gprs_kpi (the
    narrower table of the same keys) and every TCH counter was ignored."""
    headers = ["Start Time", "Cell Name", "PDCH_USED_AVG", "K3014:Traffic Volume on TCH (Erl)", "CM33", "K3020", "K3010A", "K3010B"]
    found = recognise(headers, "GPRS_and_more.csv", dictionary)
    assert found.table == "cell_kpi" and found.scores["cell_kpi"] == 3 and found.scores["gprs_kpi"] == 1


def test_keys_alone_make_no_statistics_table(dictionary):
    found = recognise(["start_time", "cell", "Some Counter", "Another One"], "kpi.csv", dictionary)
    assert (found.table, found.why) == (None, KEYS_ONLY)
    assert "cell_kpi" in found.scores and set(found.scores.values()) == {0}
    assert "none of their counters" in found.reason()


def test_an_object_column_names_the_keys_of_its_first_object(dictionary):
    headers = ["Result Time", "Object Name", "tch_seizures", "tch_drops"]
    cell = recognise(headers, "a.csv", dictionary, ("2026-11-20 14:00", "BSC01/GCELL:LABEL=S1, CellIndex=1"))
    trx = recognise(headers, "b.csv", dictionary, ("2026-11-20 14:00", "BSC1/Cell:Label=S1, MODUNO=5/Trx:TRX-8"))
    assert cell.table == "cell_kpi" and trx.table == "trx_kpi"


def test_equal_scores_go_to_the_table_with_more_keys_named_else_ambiguous(tmp_path):
    extra = tmp_path / "acme.yaml"
    extra.write_text("vendor: acme\nsource: test\ncounters: {SEIZ: {}, DROP: {}}\n"
                     "mappings:\n  cell_kpi: {tch_seizures: SEIZ, tch_drops: DROP}\n  gprs_kpi: {tbf_attempts: SEIZ, tbf_fail: DROP}\n",
                     encoding="utf-8")
    dictionary = load_counter_dictionary([extra])
    found = recognise(["start_time", "cell", "SEIZ", "DROP"], "x.csv", dictionary)
    assert (found.table, found.why, found.tied) == (None, AMBIGUOUS, ("cell_kpi", "gprs_kpi"))


def test_configuration_tables_by_their_header_and_reports_by_their_prefix(dictionary):
    assert recognise(["cell", "lac", "ci", "bcch"], "cfg.csv", dictionary).why == HEADER
    assert recognise(["DATE", "BSC", "PCM", "TS"], "018_BSC01.csv", dictionary).why == PREFIX
    assert recognise(["what", "ever"], "x.csv", dictionary).why == UNKNOWN_COLUMNS
