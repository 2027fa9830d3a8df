"""`netdiag sample --vendor huawei|3gpp`: the same network as vendor files (GExport XML and M2000 CSV;
Bulk CM XML and measCollec XML) gives the same findings as the canonical sample, cause by cause and
object by object, in a scan and in the triage of each injected fault's complaint."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netdiag import Complaint, diagnose, load_dataset, load_rules, triage
from netdiag.sample import generate_network, write_vendor_network

OPTIONS = {"cells": 450, "hours": 24, "seed": 11}


@pytest.fixture(scope="module")
def networks(tmp_path_factory) -> dict:
    rules = load_rules()
    root = tmp_path_factory.mktemp("vendor_sample")
    out = {}
    for form in ("canonical", "huawei", "3gpp"):
        folder = root / form
        truth = generate_network(folder, **OPTIONS) if form == "canonical" else write_vendor_network(folder, form, **OPTIONS)
        dataset = load_dataset(folder)
        out[form] = {"folder": folder, "truth": truth, "dataset": dataset, "diagnosis": diagnose(dataset, rules)}
    return out


def _findings(diagnosis) -> list[tuple[str, str]]:
    return sorted(zip(diagnosis.findings["cause"], diagnosis.findings["object"].astype(str)))


@pytest.mark.parametrize("vendor", ["huawei", "3gpp"])
def test_vendor_files_are_what_the_vendor_writes(networks, vendor):
    files = sorted(p.name for p in Path(networks[vendor]["folder"]).iterdir())
    assert not {"cells.csv", "neighbours.csv", "cell_kpi.csv", "trx_kpi.csv", "gprs_kpi.csv"} & set(files)
    formats = {r.format for r in networks[vendor]["dataset"].reports}
    if vendor == "huawei":
        assert any(f.startswith("GExport_") for f in files)
        assert {"Huawei GExport configuration XML", "Huawei M2000/U2000 performance CSV"} <= formats
    else:
        assert {"3GPP TS 32.615 Bulk CM configuration XML", "3GPP TS 32.435 measCollec XML"} <= formats
    assert "Excel sheet" in formats  # the engineering-parameter workbook's GSM sheet; its LTE sheet skipped


@pytest.mark.parametrize("vendor", ["huawei", "3gpp"])
def test_the_same_tables(networks, vendor):
    canonical, other = networks["canonical"]["dataset"], networks[vendor]["dataset"]
    for table in ("cells", "neighbours", "trx", "cell_kpi", "trx_kpi", "gprs_kpi"):
        assert len(canonical[table]) == len(other[table]), table
    columns = ["cell", "bsc", "site", "lac", "ci", "bcch", "ncc", "bcc", "lat", "lon", "max_ta", "paging_barred", "repeater"]
    pd.testing.assert_frame_equal(canonical["cells"][columns].sort_values("cell").reset_index(drop=True),
                                  other["cells"][columns].sort_values("cell").reset_index(drop=True), check_dtype=False)
    assert not [f for f in other.flags if f.get("check") in ("unknown cell", "configured twice, differently")]


@pytest.mark.parametrize("vendor", ["huawei", "3gpp"])
def test_scan_gives_the_same_findings(networks, vendor):
    canonical = _findings(networks["canonical"]["diagnosis"])
    assert canonical and _findings(networks[vendor]["diagnosis"]) == canonical


@pytest.mark.parametrize("vendor", ["huawei", "3gpp"])
def test_triage_gives_the_same_causes(networks, vendor):
    truth = networks["canonical"]["truth"]
    injected = truth[(truth["role"] == "injected") & truth["cell"].notna()]
    assert len(injected) > 10
    explained = 0
    for row in injected.itertuples():
        complaint = Complaint(symptom=row.symptom, cell=row.cell)
        expected = triage(networks["canonical"]["diagnosis"], complaint).causes
        got = triage(networks[vendor]["diagnosis"], complaint).causes
        assert list(zip(got["cause"], got["object"])) == list(zip(expected["cause"], expected["object"])), row.cause
        explained += row.cause in set(expected["cause"])
    assert explained >= len(injected) // 2  # (the comparison is of real rankings, not of empty ones)


def test_the_cli_refuses_an_unknown_vendor_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from netdiag.cli.app import app

    result = CliRunner().invoke(app, ["sample", str(tmp_path / "out"), "--vendor", "nokia"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "unknown vendor 'nokia' (one of huawei, 3gpp)" in result.output and not (tmp_path / "out").exists()
