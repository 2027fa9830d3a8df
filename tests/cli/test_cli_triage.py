"""`netdiag triage` for one complaint: where (cell, LAC+CI, spot), what (id or words), when, which language."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def cells(sample_diagnosis):
    return sample_diagnosis.dataset["cells"].set_index("cell")


@pytest.fixture(scope="module")
def latent(sample_truth):
    return sample_truth[(sample_truth["cause"] == "trx_latent_fault") & (sample_truth["role"] == "injected")].iloc[0]


def spot_ahead(cells, cell: str, metres: float = 300) -> str:
    row = cells.loc[cell]
    azimuth, lat, lon = np.radians(float(row["azimuth"])), float(row["lat"]), float(row["lon"])
    return f"{lat + metres * np.cos(azimuth) / 111_195:.6f},{lon + metres * np.sin(azimuth) / (111_195 * np.cos(np.radians(lat))):.6f}"


def test_at_a_spot_with_the_subscribers_words_in_chinese(sample_dir, cells, latent):
    result = run("triage", str(sample_dir), "--at", spot_ahead(cells, latent["cell"]), "--symptom", "说着说着就断了",
                 "--format", "json", "--lang", "zh")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["complaint"]["symptom"] == "call_drop" and document["complaint"]["text"] == "说着说着就断了"
    assert document["candidates"][0]["cell"] == latent["cell"]
    best = document["causes"][0]
    assert best["cause"] == "trx_latent_fault" and best["cell"] == latent["cell"] and best["via"] == latent["cell"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in best["remedy"])  # the remedy is in Chinese


def test_by_lac_and_ci_in_english(sample_dir, cells, latent):
    row = cells.loc[latent["cell"]]
    result = run("triage", str(sample_dir), "--lac", str(int(row["lac"])), "--ci", str(int(row["ci"])),
                 "--symptom", "calls keep getting cut off", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert latent["cell"] in result.stdout and "TRX" in result.stdout
    assert "dropped calls" in result.stdout  # the symptom, in English


def test_a_spot_table_lists_the_candidate_cells(sample_dir, cells, latent):
    result = run("triage", str(sample_dir), "--at", spot_ahead(cells, latent["cell"], 900), "--symptom", "call_drop", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "candidate serving cells" in result.stdout and latent["cell"] in result.stdout


def test_words_that_fit_several_symptoms_get_a_question(sample_dir, latent):
    result = run("triage", str(sample_dir), "--cell", latent["cell"], "--symptom", "掉话还有杂音", "--lang", "en")
    assert result.exit_code == 2
    assert "call_drop" in result.output and "choppy_voice" in result.output
    assert "Traceback" not in result.output


def test_words_that_fit_no_symptom_list_the_choices(sample_dir, latent):
    result = run("triage", str(sample_dir), "--cell", latent["cell"], "--symptom", "the bill is wrong", "--lang", "zh")
    assert result.exit_code == 2
    for symptom in ("no_coverage", "call_drop", "gprs_slow"):
        assert symptom in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "say where the complaint is"),
        (("--cell", "S0001A", "--at", "30.5,114.2"), "--cell and --at"),
        (("--lac", "4101"), "--lac and --ci go together"),
        (("--at", "30.5"), "--at '30.5'"),
        (("--cell", "S0001A", "--radius", "500"), "--radius goes with --at"),
        (("--cell", "S0001A", "--time", "someday"), "--time 'someday'"),
        (("--cell", "S0001A", "--format", "csv"), "--format csv is for --complaints"),
    ],
)
def test_usage_errors_are_one_line(sample_dir, args, message):
    result = run("triage", str(sample_dir), "--symptom", "call_drop", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_time_narrows_the_diagnosis(sample_dir, sample_truth):
    down = sample_truth.set_index("cause").loc["cell_out_of_service", "cell"]  # down from 12:00
    evening = run("triage", str(sample_dir), "--cell", down, "--symptom", "no_coverage", "--time", "2026-11-20 19:00", "--format", "json")
    morning = run("triage", str(sample_dir), "--cell", down, "--symptom", "no_coverage", "--time", "2026-11-20 08:00", "--format", "json")
    assert json.loads(evening.stdout)["causes"][0]["cause"] == "cell_out_of_service"
    assert "cell_out_of_service" not in [c["cause"] for c in json.loads(morning.stdout)["causes"]]
    assert json.loads(evening.stdout)["complaint"]["time"] == "2026-11-20 19:00:00"


def test_a_time_the_folder_has_no_statistics_for_is_no_evidence_not_an_error(sample_dir):
    """formats.md: no statistics in the window read is `no_evidence`, with `missing` and what the data
    covers (it stopped with exit 2: 'no statistics around ...'); one note, not a note per rule."""
    result = run("triage", str(sample_dir), "--cell", "S0001A", "--symptom", "call_drop", "--time", "2026-12-03 10:00",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["verdict"] == "no_evidence" and document["causes"] == []
    assert document["missing"] == [{"what": "statistics", "table": "cell_kpi", "cells": ["S0001A"],
                                    "covered": ["2026-11-20 00:00:00", "2026-11-21 00:00:00"]}]
    assert "the data covers 2026-11-20 00:00 to 2026-11-21 00:00" in result.stderr
    assert "skipped" not in result.stderr
