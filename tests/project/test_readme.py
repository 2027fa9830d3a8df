"""The README's library example runs as written (import paths and calls stay true)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def python_blocks(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start:end if end > 0 else None], flags=re.S)


def test_library_example_runs():
    blocks = python_blocks("Library")
    assert blocks, "the Library section shows how to call netdiag"
    probe = "\nassert result.verdict in ('fault_found', 'no_fault_found') and len(suspects) == 10\nprint('ran')\n"
    done = subprocess.run([sys.executable, "-c", blocks[0] + probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.rstrip().endswith("ran"), done.stderr[-2000:]
