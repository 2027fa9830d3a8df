"""A history store of the sample network, imported once per test module, and a copy per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netdiag.store import import_exports


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_dir) -> Path:
    store = tmp_path_factory.mktemp("store") / "history"
    report = import_exports(sample_dir, store)
    assert report.import_id == 1
    return store


@pytest.fixture()
def store_copy(sample_store, tmp_path) -> Path:
    copy = tmp_path / "history"
    shutil.copytree(sample_store, copy)
    return copy
