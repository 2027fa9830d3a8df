"""Terminal tables at 80 columns keep identifiers whole: a cell, TRX or circuit id, a severity and a
score are never folded mid-token (issue 15, item 17)."""

from __future__ import annotations

import io

from rich.console import Console

from netdiag.render.console import print_scan, print_suspects


def narrow() -> Console:
    return Console(width=80, file=io.StringIO(), record=True, color_system=None)


def test_scan_at_80_columns_keeps_every_object_whole(sample_diagnosis):
    console = narrow()
    print_scan(console, sample_diagnosis, "en")
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    for obj in sample_diagnosis.findings["object"].astype(str):
        assert obj in text, f"{obj} split at 80 columns"
    for cause in sample_diagnosis.findings["cause"]:  # under each title (single_trx_cell_trx_do|wn)
        assert cause in text, f"{cause} split at 80 columns"


def test_suspects_at_80_columns_keep_cells_and_severities_whole(sample_diagnosis):
    from netdiag.diagnosis.suspects import rank_suspects

    suspects = rank_suspects(sample_diagnosis, "zh")
    console = narrow()
    print_suspects(console, suspects, "zh")
    text = console.export_text()
    for cell in suspects["cell"]:
        assert cell in text
    assert "紧急" in text and "critical" not in text


def test_triage_at_80_columns_keeps_the_trx_whole(sample_dir, sample_truth):
    from netdiag import Inputs, TriageRequest, triage_request
    from netdiag.render.console import print_triage

    latent = sample_truth[(sample_truth["cause"] == "trx_latent_fault") & (sample_truth["role"] == "injected")].iloc[0]
    result = triage_request(Inputs(data=sample_dir), TriageRequest(symptom="call_drop", cell=latent["cell"]), "en", lambda m: None)
    console = narrow()
    print_triage(console, result, "en", 3)
    text = console.export_text()
    assert latent["object"] in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for cause in result.causes[result.causes["kind"] != "advice"].head(3)["cause"]:
        assert cause in text, f"{cause} split at 80 columns"
