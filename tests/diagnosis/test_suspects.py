"""The drive-test suspect list: which cells, in which order, with what to test on site."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from netdiag import Dataset, load_catalogue
from netdiag.rules.engine import FINDING_COLUMNS, SEVERITY_RANK
from netdiag.diagnosis.diagnose import Diagnosis
from netdiag.diagnosis.suspects import SUSPECT_COLUMNS, area_findings, load_site_tests, rank_suspects

DRIVE_LEVELS = {"cell", "trx", "adjacency"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def suspects(sample_diagnosis) -> pd.DataFrame:
    return rank_suspects(sample_diagnosis, "en")


@pytest.fixture(scope="module")
def suspects_zh(sample_diagnosis) -> pd.DataFrame:
    return rank_suspects(sample_diagnosis, "zh")


def test_every_cell_level_fault_is_a_suspect_with_its_cause(suspects, sample_truth):
    by_cell = suspects.set_index("cell")["causes"]
    faults = sample_truth[sample_truth["level"].isin(DRIVE_LEVELS)]
    assert len(faults) > 30
    missing = [(f.cell, f.cause) for f in faults.itertuples() if f.cell not in by_cell or f.cause not in by_cell[f.cell]]
    assert missing == []


def test_healthy_cells_are_not_suspects(suspects, sample_truth):
    assert set(suspects["cell"]) <= set(sample_truth["cell"])
    # a circuit, BSC or LAC fault names a cell in truth.csv, but nothing on that cell is to be driven
    above = sample_truth[~sample_truth["level"].isin(DRIVE_LEVELS)]
    assert not set(above["cell"]) & set(suspects["cell"])


def test_findings_above_cell_level_are_kept_apart(sample_diagnosis, sample_truth):
    above = sample_truth[~sample_truth["level"].isin(DRIVE_LEVELS)]
    area = area_findings(sample_diagnosis)
    assert set(area["object"]) == set(above["object"])
    assert set(area["level"]) <= {"circuit", "circuit_group", "bsc", "lac"}


def test_ranked_by_score_then_severity(suspects):
    assert list(suspects.columns) == SUSPECT_COLUMNS
    assert list(suspects["rank"]) == list(range(1, len(suspects) + 1))
    assert suspects["cell"].is_unique
    keys = list(zip(suspects["score"], suspects["severity"].map(SEVERITY_RANK)))
    assert keys == sorted(keys, reverse=True)
    assert suspects.iloc[0]["severity"] == "critical" and suspects.iloc[-1]["severity"] == "low"


def test_cells_table_gives_place_and_identity(suspects, sample_dir):
    cells = pd.read_csv(sample_dir / "cells.csv")
    merged = suspects.merge(cells, on="cell", how="left", suffixes=("", "_cfg"))
    assert (merged["lat"] == merged["lat_cfg"]).all() and (merged["lon"] == merged["lon_cfg"]).all()
    assert (merged["ci"] == merged["ci_cfg"]).all() and (merged["site"] == merged["site_cfg"]).all()
    assert (merged["azimuth"] == merged["azimuth_cfg"]).all() and (merged["bsc"] == merged["bsc_cfg"]).all()


def test_trx_and_relation_objects_are_listed(suspects, sample_truth):
    objects = suspects.set_index("cell")["objects"]
    for fault in sample_truth[sample_truth["level"].isin({"trx", "adjacency"})].itertuples():
        assert fault.object in objects[fault.cell]
    cell_only = sample_truth[sample_truth["level"] == "cell"]["cell"]
    assert all(objects[c] == [] for c in cell_only if c not in set(sample_truth.loc[sample_truth["level"] != "cell", "cell"]))


def test_top_and_min_severity(sample_diagnosis, suspects):
    assert rank_suspects(sample_diagnosis, "en", top=5)["cell"].tolist() == suspects["cell"].head(5).tolist()
    high = rank_suspects(sample_diagnosis, "en", min_severity="high")
    expected = suspects[suspects["severity"].isin(["high", "critical"])]
    assert high["cell"].tolist() == expected["cell"].tolist() and len(high) < len(suspects)
    assert high["rank"].tolist() == list(range(1, len(high) + 1))


def test_texts_exist_in_both_languages_and_differ(suspects, suspects_zh):
    assert suspects["cell"].tolist() == suspects_zh["cell"].tolist()
    for column in ("titles", "tests"):
        for en, zh in zip(suspects[column], suspects_zh[column]):
            assert en and zh and all(en) and all(zh) and en != zh
            assert all(CJK.search(text) for text in zh) and not any(CJK.search(text) for text in en)
    assert (suspects["remedy"].str.len() > 0).all() and (suspects["remedy"] != suspects_zh["remedy"]).all()


def test_each_suspect_gets_the_site_test_of_its_causes(suspects):
    tests = load_site_tests()
    for row in suspects.itertuples():
        assert row.tests == list(dict.fromkeys(tests[c]["en"] for c in row.causes))


def test_site_tests_cover_every_data_cause_in_both_languages():
    catalogue = load_catalogue()
    tests = load_site_tests()
    data_causes = {c.id for c in catalogue.causes.values() if c.detect == "data"}
    assert set(tests) == data_causes
    for cause, texts in tests.items():
        assert set(texts) == {"zh", "en"}, cause
        assert texts["zh"].strip() and texts["en"].strip(), cause
        assert CJK.search(texts["zh"]) and not CJK.search(texts["en"]), cause
        assert ";" not in texts["en"] + texts["zh"], cause  # the exports join a cell's tests with "; "


# ---------------------------------------------------------------- the score, on hand-made findings


def finding(cell, cause, severity, score, level="cell", obj=None, bsc="BSC1"):
    return {
        "rule": cause, "cause": cause, "level": level, "object": obj or cell, "cell": cell, "bsc": bsc, "lac": 101.0,
        "severity": severity, "score": score, "confidence": "high", "generic": False, "symptoms": ("call_drop",),
        "evidence": {}, "title_zh": f"{cause} 中文", "title_en": f"{cause} english",
        "remedy_zh": f"{cause} 处理", "remedy_en": f"{cause} fix",
    }


@pytest.fixture
def made_up():
    findings = pd.DataFrame(
        [
            finding("A", "trx_latent_fault", "high", 0.8, level="trx", obj="A/TRX2"),
            finding("A", "trx_latent_fault", "high", 0.4, level="trx", obj="A/TRX3"),
            finding("A", "cochannel_interference", "medium", 0.5),
            finding("B", "high_drop_cell", "high", 0.9),
            finding("C", "cell_out_of_service", "critical", 0.7),
            finding("D", "lac_border", "low", 0.9),
            finding("X", "ghost_neighbour", "high", 0.5, level="adjacency", obj="X->BCCH 9/BSIC 13"),
            finding(None, "sccp_call_loss", "high", 1.0, level="bsc", obj="BSC1"),
        ],
        columns=FINDING_COLUMNS,
    )
    cells = pd.DataFrame({"cell": ["A", "B", "C", "D"], "bsc": ["BSC1"] * 4, "lat": [30.1, 30.2, 30.3, 30.4], "lon": [114.0] * 4})
    return Diagnosis(findings=findings, dataset=Dataset(tables={"cells": cells}))


def test_independent_causes_raise_the_score_and_severity_weighs(made_up):
    suspects = rank_suspects(made_up, "en").set_index("cell")
    # A: 1 − (1 − 0.8×0.85)(1 − 0.5×0.6); the second TRX of the same cause does not count again
    assert suspects.loc["A", "score"] == pytest.approx(1 - (1 - 0.68) * (1 - 0.3), abs=1e-3)
    assert suspects.loc["B", "score"] == pytest.approx(0.765, abs=1e-3)
    assert suspects.loc["C", "score"] == pytest.approx(0.7, abs=1e-3)
    assert suspects.loc["D", "score"] == pytest.approx(0.36, abs=1e-3)
    # two causes at 0.8 and 0.5 outrank one at 0.9; a sure low finding stays below a likely critical one
    assert suspects.index.tolist() == ["A", "B", "C", "X", "D"]


def test_a_cells_causes_best_first_with_its_objects(made_up):
    row = rank_suspects(made_up, "zh").set_index("cell").loc["A"]
    assert row["causes"] == ["trx_latent_fault", "cochannel_interference"]
    assert row["titles"] == ["trx_latent_fault 中文", "trx_latent_fault 中文", "cochannel_interference 中文"]
    assert row["objects"] == ["A/TRX2", "A/TRX3"] and row["findings"] == 3
    assert row["severity"] == "high" and row["remedy"] == "trx_latent_fault 处理"
    assert row["tests"] == [load_site_tests()[c]["zh"] for c in row["causes"]]


def test_a_cell_missing_from_the_cells_table_keeps_its_finding_bsc(made_up):
    row = rank_suspects(made_up, "en").set_index("cell").loc["X"]
    assert row["bsc"] == "BSC1" and row["lac"] == 101 and pd.isna(row["lat"]) and pd.isna(row["lon"])
    assert row["objects"] == ["X->BCCH 9/BSIC 13"]


def test_bsc_findings_are_area_findings(made_up):
    assert area_findings(made_up)["object"].tolist() == ["BSC1"]
    assert "BSC1" not in rank_suspects(made_up, "en")["cell"].tolist()


def test_no_findings_gives_an_empty_list(made_up):
    empty = Diagnosis(findings=made_up.findings.iloc[0:0], dataset=made_up.dataset)
    result = rank_suspects(empty, "en")
    assert result.empty and list(result.columns) == SUSPECT_COLUMNS
    assert area_findings(empty).empty
