"""The counter dictionary: shipped data, header matching, arithmetic, table scores, extension, errors."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netdiag.errors import DataError
from netdiag.io import counters as counters_module
from netdiag.io.counters import (
    CounterDictionaryError,
    FormulaError,
    counters_from_config,
    load_counter_dictionary,
    load_counter_dictionary_from_config,
    parse_formula,
    shipped_counter_files,
    to_canonical,
)

HUAWEI_CS = [
    "Result Time", "Granularity Period", "Object Name", "Reliability",
    "K3014:Traffic Volume on TCH (Erl)", "CM33:Call Drops on Traffic Channel",
    "K3020:TCH Seizure Requests (Signaling Channel)", "K3010A", "K3010B",
    "K3021", "K3011A", "K3011B", "K3023", "K3013A", "K3013B", "K3015:Available TCHs",
]


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped():
    return load_counter_dictionary()


# -- shipped data ------------------------------------------------------------------------------

def test_shipped_files_one_per_vendor(shipped):
    assert shipped_counter_files() == ["3gpp.yaml", "ericsson.yaml", "huawei.yaml", "nokia.yaml", "zte.yaml"]
    assert shipped.vendors == ["3gpp", "ericsson", "huawei", "nokia"]


def test_every_shipped_entry_names_its_source(shipped):
    for counter in shipped.counters.values():
        assert counter.source.strip(), counter
        if not counter.verified:
            assert counter.searched, f"{counter.key}: an unverified entry says what was searched"
    for mapping in shipped.mappings.values():
        assert mapping.source.strip(), mapping


def test_shipped_unverified_entries_are_the_known_ones(shipped):
    counters = sorted((c.vendor, c.key) for c in shipped.unverified() if hasattr(c, "key"))
    mappings = sorted((m.vendor, m.table, m.column) for m in shipped.unverified() if hasattr(m, "column"))
    assert counters == [("3gpp", "meanNbrOfAvailableTCHs"), ("ericsson", "HORTTOCH")]
    assert mappings == [("ericsson", "adjacency_ho", "ho_fail_return"), ("nokia", "cell_kpi", "tch_traffic_erl")]


def test_shipped_mappings_target_counter_columns_only(shipped):
    for (_, table, column) in shipped.mappings:
        schema = counters_module.TABLES[table]
        assert column not in schema.keys and column != "period_min"


# -- matching ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("header", "vendor", "key", "via"),
    [
        ("K3014", "huawei", "K3014", "name"),
        ("K3014:Traffic Volume on TCH (Erl)", "huawei", "K3014", "id"),
        ("K3014:Traffic Volume on TCH", "huawei", "K3014", "id"),
        ("  k3014 ", "huawei", "K3014", "name"),
        ("Traffic Volume on TCH (Erl)", "huawei", "K3014", "name"),
        ("traffic_volume_on_tch", "huawei", "K3014", "name"),
        ("CELL_KPI_TCH_TRAF_ERL_TRAF", "huawei", "K3014", "name"),
        ("XX99:Traffic Volume on TCH", "huawei", "K3014", "label"),
        ("TCH Seizure Requests (Traffic Channel)", "huawei", "K3010A", "name"),
        ("TCH Seizure Requests (Signaling Channel)", "huawei", "K3020", "name"),
        ("1278072498", "huawei", "CM33", "name"),
        ("TFNDROP", "ericsson", "TFNDROP", "name"),
        ("CELTCHF.TFNDROP", "ericsson", "TFNDROP", "suffix"),
        ("CELTCHF_TFNDROP", "ericsson", "TFNDROP", "name"),
        ("tfndrop", "ericsson", "TFNDROP", "name"),
        ("attTCHSeizures", "3gpp", "attTCHSeizures", "name"),
        ("ATTTCHSEIZURES", "3gpp", "attTCHSeizures", "name"),
        ("BSCGPRS.CELL.attTCHSeizures", "3gpp", "attTCHSeizures", "suffix"),
        ("attImmediateAssignProcs", "3gpp", "attImmediateAssingProcs", "name"),
        ("DROP_AFTER_TCH_ASSIGN (c001202)", "nokia", "DROP_AFTER_TCH_ASSIGN", "name"),
        ("c001202", "nokia", "DROP_AFTER_TCH_ASSIGN", "name"),
        ("c1202", "nokia", "DROP_AFTER_TCH_ASSIGN", "name"),
        ("Drop after TCH assign", "nokia", "DROP_AFTER_TCH_ASSIGN", "name"),
    ],
)
def test_header_forms_match(shipped, header, vendor, key, via):
    found_via, counters = shipped.lookup(header)
    assert [(c.vendor, c.key) for c in counters] == [(vendor, key)]
    assert found_via == via


@pytest.mark.parametrize("header", ["Result Time", "Object Name", "K9999:Unknown counter", "TCH", "c", "", "Erl"])
def test_unknown_headers_stay_unknown(shipped, header):
    assert shipped.lookup(header) == (None, [])


def test_id_wins_over_a_label_naming_another_counter(shipped):
    _, counters = shipped.lookup("CM33:Traffic Volume on TCH")
    assert [c.key for c in counters] == ["CM33"]


# -- table content score ------------------------------------------------------------------------

def test_huawei_cs_file_is_cell_kpi(shipped):
    match = shipped.resolve(HUAWEI_CS)
    assert match.table == "cell_kpi"
    assert match.scores == {"cell_kpi": 7}
    assert set(match.plans["cell_kpi"]) == {
        "tch_traffic_erl", "tch_drops", "tch_attempts", "tch_congestion", "tch_seizures", "tch_assign_fail",
        "tch_available",
    }
    assert match.unknown == ["Result Time", "Granularity Period", "Object Name", "Reliability"]


def test_cs_counter_file_is_not_filed_as_gprs_kpi(shipped):
    # GPRS key columns and a GPRS-sounding file name do not make a CS counter file gprs_kpi.
    headers = ["start_time", "cell", "pdch_used_avg", "SDCCH_SEIZ_ATT (c001000)", "TCH_REQUESTS_CALL_ATTEMPT (c001192)",
               "SUCC_TCH_SEIZ_CALL_ATTEMPT (c001193)", "DROP_AFTER_TCH_ASSIGN (c001202)", "FORCED_RELEASES (c001070)"]
    match = shipped.resolve(headers)
    assert "gprs_kpi" not in match.plans
    assert match.table == "cell_kpi"


def test_gprs_counter_file_is_gprs_kpi(shipped):
    headers = ["PERIOD_START_TIME", "BTS name", "DL_TBF_ESTABL_STARTED (c072122)", "UL_TBF_ESTABL_STARTED (c072121)",
               "DL_TBF_ESTABLISHMENT_FAILED (c072093)", "UL_TBF_ESTABLISHMENT_FAILED (c072092)", "LLC_BYTES_DL (c097020)"]
    match = shipped.resolve(headers)
    assert match.table == "gprs_kpi"
    assert set(match.plans["gprs_kpi"]) == {"tbf_attempts", "tbf_fail", "dl_kbytes"}


def test_file_of_key_columns_only_matches_no_table(shipped):
    match = shipped.resolve(["start_time", "cell", "trx", "bsc", "pcm", "ts"])
    assert match.table is None
    assert match.plans == {}
    assert "no header names a counter" in match.reason


def test_one_counter_column_is_enough_and_fewer_than_asked_matches_no_table(shipped):
    # Huawei's M2000 writes one file per counter group: a file of call drops gives tch_drops alone.
    match = shipped.resolve(["start_time", "cell", "K3014"])
    assert match.scores == {"cell_kpi": 1}
    assert match.table == "cell_kpi"
    fewer = shipped.resolve(["start_time", "cell", "K3014"], min_columns=2)
    assert fewer.table is None and "too few columns" in fewer.reason


def test_a_formula_with_a_missing_counter_gives_no_column(shipped):
    # K3020 and K3010A without K3010B: tch_attempts cannot be computed, so it does not count.
    match = shipped.resolve(["K3020", "K3010A", "CM33", "K3014"])
    assert set(match.plans["cell_kpi"]) == {"tch_drops", "tch_traffic_erl"}


def test_equal_scores_go_to_the_table_whose_keys_are_named(tmp_path):
    extra = write(tmp_path / "both.yaml", """\
        vendor: acme
        source: test
        counters:
          SEIZ: {verified: true}
          DROP: {verified: true}
        mappings:
          cell_kpi: {tch_seizures: SEIZ, tch_drops: DROP}
          trx_kpi: {tch_seizures: SEIZ, tch_drops: DROP}
        """)
    dictionary = load_counter_dictionary([extra])
    assert dictionary.resolve(["start_time", "cell", "trx", "SEIZ", "DROP"]).table == "trx_kpi"
    ambiguous = dictionary.resolve(["SEIZ", "DROP"])
    assert ambiguous.table is None and "ambiguous" in ambiguous.reason
    assert ambiguous.scores == {"cell_kpi": 2, "trx_kpi": 2}


def test_a_name_of_two_vendors_goes_to_the_vendor_of_the_file(tmp_path):
    extra = write(tmp_path / "acme.yaml", """\
        vendor: acme
        source: test
        counters:
          CM33: {verified: true}
          OTHER: {verified: true}
        mappings:
          cell_kpi: {sdcch_drops: CM33, sdcch_attempts: OTHER}
        """)
    dictionary = load_counter_dictionary([extra])
    match = dictionary.resolve(["K3014", "K3015", "CM33"])
    cm33 = next(h for h in match.headers if h.header == "CM33")
    assert cm33.counter.vendor == "huawei"
    assert [c.vendor for c in cm33.alternatives] == ["acme"]
    acme = dictionary.resolve(["OTHER", "CM33"])
    assert next(h for h in acme.headers if h.header == "CM33").counter.vendor == "acme"


# -- arithmetic and canonical frames -----------------------------------------------------------

def huawei_frame(rows):
    return pd.DataFrame(rows, columns=HUAWEI_CS)


def test_to_canonical_computes_sums_and_differences(shipped):
    frame = huawei_frame([
        ["2026-11-20 14:00", 60, "BSC01/GCELL:LABEL=S1", "Reliable", "30.5", "12", "10", "1,000", "5", "1", "20", "2",
         "9", "900", "3", "14.2"],
    ])
    match = shipped.resolve(HUAWEI_CS)
    out, left_out = to_canonical(frame, match, keys={"Result Time": "start_time", "Object Name": "cell"})
    row = out.iloc[0]
    assert row["tch_attempts"] == 1015  # 10 + 1,000 + 5
    assert row["tch_congestion"] == 23
    assert row["tch_seizures"] == 912
    assert row["tch_assign_fail"] == 1015 - 23 - 912
    assert row["tch_drops"] == 12
    assert row["tch_traffic_erl"] == pytest.approx(30.5)
    assert row["tch_available"] == pytest.approx(14.2)
    assert row["start_time"] == "2026-11-20 14:00" and row["cell"] == "BSC01/GCELL:LABEL=S1"
    assert list(out.columns)[:3] == ["start_time", "cell", "period_min"]  # canonical order
    assert row["period_min"] == 60  # `Granularity Period` is the period's length in minutes
    assert left_out == ["Reliability"]


def test_a_missing_term_makes_the_sum_missing(shipped):
    frame = huawei_frame([
        ["t", 60, "c", "r", "1", "2", "10", "NIL", "5", "1", "2", "3", "4", "5", "6", "7"],
        ["t", 60, "c", "r", "1", "2", "10", "", "5", "1", "2", "3", "4", "5", "6", "7"],
        ["t", 60, "c", "r", "1", "2", "10", "/0", "5", "1", "2", "3", "4", "5", "6", "7"],
    ])
    out, _ = to_canonical(frame, shipped.resolve(HUAWEI_CS))
    assert out["tch_attempts"].isna().all()
    assert out["tch_assign_fail"].isna().all()
    assert (out["tch_congestion"] == 6).all()  # its terms are all there


def test_a_derived_count_below_zero_is_missing(shipped):
    # Requests 10, congestion 20: the counters disagree, tch_assign_fail must not read -13.
    frame = huawei_frame([["t", 60, "c", "r", "1", "2", "4", "3", "3", "20", "0", "0", "1", "1", "1", "7"]])
    out, _ = to_canonical(frame, shipped.resolve(HUAWEI_CS))
    assert math.isnan(out["tch_assign_fail"].iloc[0])
    assert out["tch_attempts"].iloc[0] == 10


def test_division_by_zero_is_missing(shipped):
    headers = ["CELTCHF.TFTRALACC", "CELTCHF.TFNSCAN", "CELTCHH.THTRALACC", "CELTCHH.THNSCAN", "CLTCH.TAVAACC", "CLTCH.TAVASCAN"]
    frame = pd.DataFrame([[3600, 360, 720, 360, 7200, 360], [0, 0, 0, 0, 0, 0]], columns=headers)
    match = shipped.resolve(headers)
    assert match.table == "cell_kpi"
    out, left_out = to_canonical(frame, match)
    assert out["tch_traffic_erl"].iloc[0] == pytest.approx(12.0)
    assert out["tch_available"].iloc[0] == pytest.approx(20.0)
    assert out[["tch_traffic_erl", "tch_available"]].iloc[1].isna().all()
    assert left_out == []


def test_alternative_formulas(shipped):
    headers = ["attTCHSeizures", "meanNbrOfAvailableTCHs"]
    match = shipped.resolve(headers)
    plan = match.plans["cell_kpi"]["tch_available"]
    assert plan.formula.text == "meanNbrOfAvailableTCHs"
    assert any("meanNbrOfAvailableTCHs" in u for u in match.unverified)
    both = shipped.resolve(["nbrOfAvailableTCHs", "meanNbrOfAvailableTCHs", "attTCHSeizures"])
    assert both.plans["cell_kpi"]["tch_available"].formula.text == "nbrOfAvailableTCHs"


def test_a_canonical_column_the_file_gives_wins_and_unused_counters_are_listed(shipped):
    headers = ["start_time", "cell", "tch_drops", "CM33", "K3014", "K3015"]
    frame = pd.DataFrame([["2026-11-20 14:00", "S1", 4, 99, 2.5, 7]], columns=headers)
    match = shipped.resolve(headers)
    out, left_out = to_canonical(frame, match)
    assert out["tch_drops"].iloc[0] == 4
    assert left_out == ["CM33"]
    assert match.unused("cell_kpi") == []  # CM33 is used by the plan; to_canonical left it out


def test_known_counters_of_another_table_are_listed_not_dropped(shipped):
    headers = ["K3014", "K3015", "DL_TBF_ESTABL_STARTED (c072122)"]
    frame = pd.DataFrame([[1.0, 2.0, 3.0]], columns=headers)
    match = shipped.resolve(headers)
    assert match.table == "cell_kpi"
    assert match.unused() == ["DL_TBF_ESTABL_STARTED (c072122)"]
    _, left_out = to_canonical(frame, match)
    assert left_out == ["DL_TBF_ESTABL_STARTED (c072122)"]


def test_to_canonical_without_a_table_is_an_error(shipped):
    match = shipped.resolve(["Result Time", "Reliability"])
    with pytest.raises(DataError, match="no header names a counter"):
        to_canonical(pd.DataFrame(columns=["Result Time", "Reliability"]), match)


def test_3gpp_measurements_map(shipped):
    headers = ["attTCHSeizures", "succTCHSeizures", "attTCHSeizuresMeetingTCHBlockedState", "nbrOfLostRadioLinksTCH",
               "attImmediateAssignProcs", "meanNbrOfBusyTCHs", "nbrOfAvailableTCHs"]
    frame = pd.DataFrame([[100, 90, 5, 2, 300, 7.5, 14]], columns=headers)
    match = shipped.resolve(headers)
    assert match.table == "cell_kpi"
    out, left_out = to_canonical(frame, match)
    assert out.iloc[0][["tch_attempts", "tch_seizures", "tch_congestion", "tch_drops", "call_attempts",
                        "tch_traffic_erl", "tch_available"]].tolist() == [100, 90, 5, 2, 300, 7.5, 14]
    assert left_out == []


def test_nokia_sdcch_drops_subtract_t3101(shipped):
    terms = ["SDCCH_RADIO_FAIL", "SDCCH_RF_OLD_HO", "SDCCH_USER_ACT", "SDCCH_BCSU_RESET", "SDCCH_NETW_ACT",
             "SDCCH_ABIS_FAIL_CALL", "SDCCH_ABIS_FAIL_OLD", "SDCCH_BTS_FAIL", "SDCCH_LAPD_FAIL",
             "SDCCH_A_IF_FAIL_CALL", "SDCCH_A_IF_FAIL_OLD", "T3101_EXPIRED", "SDCCH_SEIZ_ATT"]
    frame = pd.DataFrame([[1] * 11 + [4, 50]], columns=terms)
    out, _ = to_canonical(frame, shipped.resolve(terms))
    assert out["sdcch_drops"].iloc[0] == 7
    assert out["sdcch_attempts"].iloc[0] == 50


# -- formulas ---------------------------------------------------------------------------------

def test_formula_precedence_and_parentheses():
    values = {k: np.array([v], dtype=float) for k, v in {"a": 2, "b": 3, "c": 4}.items()}
    assert parse_formula("a + b * c").evaluate(values)[0] == 14
    assert parse_formula("(a + b) * c").evaluate(values)[0] == 20
    assert parse_formula("a - b - c").evaluate(values)[0] == -5
    assert parse_formula("-a + c / 2").evaluate(values)[0] == 0
    assert parse_formula("`a` * 1.5e1").evaluate(values)[0] == 30
    assert parse_formula("K3020 + K3010A").refs == ("K3020", "K3010A")


@pytest.mark.parametrize("text", ["", "a +", "a b", "(a + b", "a + )", "__import__('os').system('x')", "a ** b",
                                  "2 + 3", "a; b", "a[0]"])
def test_bad_formulas_are_refused(text):
    with pytest.raises(FormulaError):
        parse_formula(text)


def test_formula_bounds():
    with pytest.raises(FormulaError, match="terms"):
        parse_formula(" + ".join(f"c{i}" for i in range(counters_module.MAX_FORMULA_TERMS + 1)))
    with pytest.raises(FormulaError, match="nested"):
        parse_formula("(" * 40 + "a" + ")" * 40)


# -- user extension and override --------------------------------------------------------------

def test_user_file_adds_a_vendor(tmp_path):
    extra = write(tmp_path / "zte_local.yaml", """\
        vendor: zte
        source: ZXG10 iBSC Performance Counter Reference V6.20 (operator copy)
        counters:
          C900000001: {names: ["TCH drops"], verified: true}
          C900000002: {verified: true}
        mappings:
          cell_kpi:
            tch_drops: C900000001
            tch_seizures: C900000002
        """)
    dictionary = load_counter_dictionary([extra])
    match = dictionary.resolve(["C900000001:TCH掉话次数", "C900000002"])
    assert match.table == "cell_kpi"
    assert load_counter_dictionary().lookup("C900000001") == (None, [])  # the shipped one is untouched


def test_user_file_overrides_a_shipped_mapping_and_counter(tmp_path):
    extra = write(tmp_path / "huawei_local.yaml", """\
        vendor: huawei
        source: operator KPI definitions
        counters:
          K3014: {names: [TCH话务量], unit: Erl, verified: true}
        mappings:
          cell_kpi:
            tch_drops: CM33 + CM30
        """)
    dictionary = load_counter_dictionary([extra])
    assert dictionary.mappings[("huawei", "cell_kpi", "tch_drops")].formulas[0].text == "CM33 + CM30"
    assert [c.key for c in dictionary.lookup("K3014:TCH话务量")[1]] == ["K3014"]
    assert dictionary.lookup("CELL_KPI_TCH_TRAF_ERL_TRAF") == (None, [])  # replaced entry, old spellings gone
    frame = pd.DataFrame([[3, 4, 1.0]], columns=["CM33", "CM30", "TCH话务量"])
    out, _ = to_canonical(frame, dictionary.resolve(list(frame.columns)))
    assert out["tch_drops"].iloc[0] == 7


def test_config_takes_paths_and_inline_entries(tmp_path):
    write(tmp_path / "extra.yaml", """\
        vendor: acme
        source: test
        counters: {A1: {verified: true}, A2: {verified: true}}
        mappings: {sccp: {cr_sent: A1, cc_received: A2}}
        """)
    config = write(tmp_path / "netdiag.yaml", """\
        files: {"018_*": a_circuits}
        counters:
          - extra.yaml
          - vendor: acme2
            source: inline
            counters: {B1: {verified: false, searched: none}, B2: {}}
            mappings: {gpu_kpi: {load_pct: B1, congestion_s: B2 * 60}}
        """)
    dictionary = load_counter_dictionary_from_config(config)
    assert dictionary.resolve(["start_time", "bsc", "A1", "A2"]).table == "sccp"
    gpu = dictionary.resolve(["B1", "B2"])
    assert gpu.table == "gpu_kpi"
    out, _ = to_canonical(pd.DataFrame([[50, 2]], columns=["B1", "B2"]), gpu)
    assert out["congestion_s"].iloc[0] == 120
    single = write(tmp_path / "one.yaml", "counters: extra.yaml\n")
    assert ("acme", "A1") in load_counter_dictionary_from_config(single).counters
    assert load_counter_dictionary_from_config(write(tmp_path / "none.yaml", "files: {}\n")).counters.keys() == \
        load_counter_dictionary().counters.keys()


# -- errors with file:line ----------------------------------------------------------------------

BAD_DOCUMENTS = [
    ("bad formula", """\
        vendor: acme
        source: test
        counters: {A: {}}
        mappings:
          cell_kpi:
            tch_drops: A +
        """, 6, "ends too early"),
    ("unknown counter in a formula", """\
        vendor: acme
        source: test
        counters:
          A: {}
        mappings:
          cell_kpi:
            tch_drops: A + B
        """, 7, "B, not a counter of vendor acme"),
    ("unknown table", """\
        vendor: acme
        source: test
        counters: {A: {}}
        mappings:
          cells:
            lac: A
        """, 5, "not a counter table"),
    ("key column", """\
        vendor: acme
        source: test
        counters: {A: {}}
        mappings:
          cell_kpi:
            cell: A
        """, 6, "not a counter column"),
    ("duplicate name", """\
        vendor: acme
        source: test
        counters:
          A: {names: [Foo Bar]}
          B:
            names: [foo_BAR]
        """, 5, "also names counter A"),
    ("unknown key", """\
        vendor: acme
        source: test
        counters:
          A:
            verfied: true
        """, 5, "unknown key 'verfied'"),
    ("verified not a boolean", """\
        vendor: acme
        source: test
        counters:
          A:
            verified: yes please
        """, 5, "verified: true or false"),
    ("no source", """\
        vendor: acme
        counters:
          A: {verified: true}
        """, 3, "source:"),
    ("bad vendor", """\
        vendor: Acme Corp
        counters: {}
        """, 1, "vendor:"),
    ("invalid YAML", """\
        vendor: acme
        counters: {A: [
        """, 3, "invalid YAML"),
    ("duplicate key", """\
        vendor: acme
        source: test
        counters:
          A: {}
          A: {}
        """, 5, "duplicate key"),
]


@pytest.mark.parametrize(("case", "text", "line", "message"), BAD_DOCUMENTS, ids=[c[0] for c in BAD_DOCUMENTS])
def test_errors_name_file_and_line(tmp_path, case, text, line, message):
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(CounterDictionaryError) as caught:
        load_counter_dictionary([path])
    assert caught.value.path == str(path)
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_a_name_already_owned_by_another_shipped_counter_is_an_error(tmp_path):
    path = write(tmp_path / "clash.yaml", """\
        vendor: huawei
        source: test
        counters:
          KNEW:
            names: [K3014]
        """)
    with pytest.raises(CounterDictionaryError, match=r"clash.yaml:4: counter KNEW: name 'K3014' already names counter K3014"):
        load_counter_dictionary([path])


def test_inline_config_errors_name_the_config_line(tmp_path):
    config = write(tmp_path / "netdiag.yaml", """\
        counters:
          - vendor: acme
            source: test
            counters: {A: {}}
            mappings:
              cell_kpi:
                tch_drops: A / / A
        """)
    with pytest.raises(CounterDictionaryError, match=r"netdiag.yaml:7: cell_kpi.tch_drops: unexpected '/'"):
        load_counter_dictionary_from_config(config)
    missing = write(tmp_path / "netdiag2.yaml", "counters:\n  - nowhere.yaml\n")
    with pytest.raises(CounterDictionaryError, match=r"netdiag2.yaml:2: counters: no file nowhere.yaml"):
        load_counter_dictionary_from_config(missing)
    wrong = write(tmp_path / "netdiag3.yaml", "counters: 42\n")
    with pytest.raises(CounterDictionaryError, match=r"netdiag3.yaml:1: counters: a file"):
        load_counter_dictionary_from_config(wrong)


def test_errors_are_data_errors_for_the_cli(tmp_path):
    path = write(tmp_path / "bad.yaml", "vendor: acme\nmappings: 3\n")
    with pytest.raises(DataError):
        load_counter_dictionary([path])
    with pytest.raises(CounterDictionaryError, match="cannot read"):
        load_counter_dictionary([tmp_path / "absent.yaml"])


# -- size bounds --------------------------------------------------------------------------------

def test_file_size_is_bounded(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("vendor: acme\nsource: x\nnote: " + "x" * (counters_module.MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    with pytest.raises(CounterDictionaryError, match=r"huge.yaml: counter dictionary larger than 1 MB"):
        load_counter_dictionary([path])


def test_number_of_counters_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(counters_module.loading, "MAX_COUNTERS", 3)
    path = write(tmp_path / "many.yaml", "vendor: acme\nsource: x\ncounters: {A: {}, B: {}, C: {}, D: {}}\n")
    with pytest.raises(CounterDictionaryError, match=r"many.yaml:3: more than 3 counters"):
        load_counter_dictionary([path])


def test_number_of_names_is_bounded(tmp_path):
    names = ", ".join(f"n{i}" for i in range(counters_module.MAX_NAMES + 1))
    path = write(tmp_path / "names.yaml", f"vendor: acme\nsource: x\ncounters:\n  A:\n    names: [{names}]\n")
    with pytest.raises(CounterDictionaryError, match=r"names.yaml:5: counter A: more than"):
        load_counter_dictionary([path])


def test_inline_config_value_goes_through_the_same_checks(tmp_path):
    with pytest.raises(CounterDictionaryError, match="vendor:"):
        counters_from_config({"counters": {}}, tmp_path / "netdiag.yaml")
