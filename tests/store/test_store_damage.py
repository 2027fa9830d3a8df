"""A store whose files were damaged, and a store that cannot be written (issue 15, items 6 and 7):
one line naming the file or the store, and an import that repairs what it can."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from netdiag import DataError, diagnose, load_rules
from netdiag.cli.app import app
from netdiag.store import import_dataset, load_complaint, load_store
from netdiag.store import importer
from netdiag.store.parts import DamagedPart
from store_support import tree

DAY = "2026-11-20"
runner = CliRunner()


def truncate(store: Path, table: str) -> Path:
    """Cut a part in half, as a full disk or a copy cut short leaves it."""
    part = next((store / table / f"date={DAY}").glob("*.parquet"))
    with open(part, "r+b") as handle:
        handle.truncate(os.path.getsize(part) // 2)
    return part


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("netdiag: error: "), result.stderr
    assert "internal error" not in lines[0]
    return lines[0]


# -- item 6: a truncated part --------------------------------------------------------------------


@pytest.mark.parametrize("table", ["cell_kpi", "cells", "_context"])
def test_a_truncated_part_is_named_by_a_read(store_copy, table):
    part = truncate(store_copy, table)
    with pytest.raises(DamagedPart) as caught:
        load_complaint(store_copy, "S0009B", days=1) if table == "_context" else load_store(store_copy, days=1)
    message = str(caught.value)
    assert message.startswith(f"{part}: damaged store part (")
    assert f"{table} {DAY}" in message and "--force --replace" in message


def test_scan_and_triage_from_a_damaged_store_say_which_part(store_copy):
    part = truncate(store_copy, "cell_kpi")
    for args in (["scan", "--store", str(store_copy), "--days", "1"],
                 ["triage", "--store", str(store_copy), "--days", "1", "--cell", "S0009B", "--symptom", "call_drop"]):
        assert one_line(runner.invoke(app, args)).startswith(f"netdiag: error: {part}: damaged store part")


def test_an_import_that_merges_into_a_damaged_part_names_it(store_copy, sample_dir):
    part = truncate(store_copy, "cell_kpi")
    before = tree(store_copy)
    message = one_line(runner.invoke(app, ["import", str(sample_dir), "--store", str(store_copy), "--force"]))
    assert f"{part}: damaged store part" in message
    assert tree(store_copy) == before  # nothing changed: the rows it held are not merged away silently


def test_import_force_replace_replaces_a_damaged_part(store_copy, sample_dir, sample_diagnosis):
    truncate(store_copy, "cell_kpi")
    truncate(store_copy, "_context")
    result = runner.invoke(app, ["import", str(sample_dir), "--store", str(store_copy), "--force", "--replace"])
    assert result.exit_code == 0, result.output
    assert f"cell_kpi {DAY}: the damaged part part-000001.parquet is replaced" in result.stderr
    findings = diagnose(load_store(store_copy, days=1), load_rules()).findings
    assert sorted(zip(findings["rule"], findings["object"])) == sorted(
        zip(sample_diagnosis.findings["rule"], sample_diagnosis.findings["object"]))


# -- item 7: a disk that is full -----------------------------------------------------------------


def test_a_full_disk_during_an_import_names_the_store_and_leaves_it_as_it_was(tmp_path, sample_dir, monkeypatch):
    store = tmp_path / "new"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(importer.pq, "write_table", full)
    message = one_line(runner.invoke(app, ["import", str(sample_dir), "--store", str(store)]))
    assert message == f"netdiag: error: {store}: cannot write the store: No space left on device; nothing was imported, the store is as it was"
    assert set(tree(store)) == {".lock"}  # no part, no staging folder, no manifest


def test_a_full_disk_when_the_manifest_is_written(store_copy, sample_diagnosis, monkeypatch):
    """The commit itself fails: the files moved into place are taken back."""
    before = tree(store_copy)
    shift = pd.Timedelta(days=1)
    tables = {name: frame.assign(**{c: frame[c] + shift for c in ("start_time", "raised_at", "cleared_at") if c in frame})
              for name, frame in sample_diagnosis.dataset.tables.items()}
    next_day = dataclasses.replace(sample_diagnosis.dataset, tables=tables, root=None)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(store_copy / "manifest.json.tmp"))

    monkeypatch.setattr(importer, "write_manifest", full)
    with pytest.raises(DataError, match=f"^{store_copy}: cannot write the store: No space left on device "
                                        rf"\({store_copy}/manifest.json.tmp\); nothing was imported"):
        import_dataset(next_day, store_copy)
    assert tree(store_copy) == before


def test_a_store_that_cannot_be_created(tmp_path, sample_dir):
    (tmp_path / "file").write_text("x")
    store = tmp_path / "file" / "store"
    message = one_line(runner.invoke(app, ["import", str(sample_dir), "--store", str(store)]))
    assert message == f"netdiag: error: {store}: cannot write the store: Not a directory"
