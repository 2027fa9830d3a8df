from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netdiag import diagnose, load_dataset, load_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "network"

# The smallest valid rule: tests change a line of it to show what the loader refuses.
MINIMAL_RULE = """\
id: my_rule
cause: paging_barred
level: cell
parameters:
  limit: {default: 1, description: "a limit"}
condition: paging_barred >= limit
severity: high
evidence: [paging_barred]
title: {zh: "寻呼 {paging_barred}", en: "paging {paging_barred}"}
"""


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_truth() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "truth.csv", dtype=str)


@pytest.fixture(scope="session")
def sample_diagnosis():
    return diagnose(load_dataset(SAMPLE), load_rules())


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def healthy_cell(diagnosis, symptom: str) -> str:
    """The first cell whose complaint of `symptom` gets the verdict no_fault_found."""
    from netdiag.diagnosis.triage import Complaint, triage

    for cell in diagnosis.dataset["cells"]["cell"]:
        if triage(diagnosis, Complaint(cell=cell, symptom=symptom)).verdict == "no_fault_found":
            return cell
    raise AssertionError(f"no healthy cell for {symptom}")


# ------------------------------------------------------------------ a history store of the sample
# (here, not in tests/store/conftest.py: a second module named conftest would shadow this one for
# every `from conftest import ...`)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_dir) -> Path:
    """The sample network imported into a store once per test module."""
    from netdiag.store import import_exports

    store = tmp_path_factory.mktemp("store") / "history"
    report = import_exports(sample_dir, store)
    assert report.import_id == 1
    return store


@pytest.fixture()
def store_copy(sample_store, tmp_path) -> Path:
    """A copy of the sample store for a test that changes it."""
    import shutil

    copy = tmp_path / "history"
    shutil.copytree(sample_store, copy)
    return copy
