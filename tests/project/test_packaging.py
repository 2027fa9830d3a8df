"""`pip install .` must carry the rule base and the catalogues inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_rules_and_catalogues(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("netdiag-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"netdiag/_rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")}
    assert shipped and shipped <= names
    assert {"netdiag/data/causes.yaml", "netdiag/data/alarms.yaml"} <= names
    # the HTML reports' templates and inlined assets
    pictures = ROOT / "netdiag" / "render" / "html"
    shipped = {f"netdiag/render/html/{p.relative_to(pictures).as_posix()}" for p in [*pictures.glob("templates/*.j2"), *pictures.glob("assets/*")]}
    assert len(shipped) >= 7 and shipped <= names


def test_packaged_catalogue_matches_the_project_catalogue():
    shared = ROOT.parent / "shared" / "causes.yaml"
    if not shared.is_file():
        pytest.skip("project documents not beside the checkout")
    assert (ROOT / "netdiag" / "data" / "causes.yaml").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")
