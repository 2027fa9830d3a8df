"""Layer contracts: data walks one way (io -> dataset -> measures -> store -> rules -> diagnosis ->
render -> cli), so a module never imports a room above its own. Every import counts: at the top of
a module, inside a function (a lazy import is still a dependency) or under TYPE_CHECKING.

A future upward import fails here with the module, its line and the rooms involved.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "netdiag"

# Rooms from the ground up; a room may import its own and those listed before it. Rooms that share
# a rank are peers and may not import each other.
RANKS = {
    "ground": 0,  # errors, yamlsource, catalogue, memory, lazy (modules at the top of netdiag/)
    "data": 0,  # shipped YAML, no code
    "io": 1,
    "dataset": 2,
    "measures": 3,
    "store": 4,
    "rules": 5,
    "diagnosis": 6,
    "cases": 7,
    "distributed": 7,
    "sample": 7,
    "render": 8,
    "cli": 9,
}
# What a room may import from outside netdiag besides the standard library and the data libraries.
PRESENTATION = {"rich": {"render", "cli"}, "typer": {"cli"}, "click": {"cli"}}


def room_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] not in RANKS:
        return "ground"
    return parts[1]


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((".".join(parts), path))
    return out


def imports_of(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import statement anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from . import x` imports the module x when x is one
            names = [f"{target}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name if _is_module(name) else target) for name in names]
    return found


def _is_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "netdiag":
        return False
    path = PACKAGE.joinpath(*parts[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


ALL = modules()


@pytest.mark.parametrize("module,path", ALL, ids=[m for m, _ in ALL])
def test_no_module_imports_a_room_above_its_own(module, path):
    room = room_of(module)
    wrong = []
    for line, target in imports_of(module, path):
        top = target.split(".")[0]
        if top == "netdiag":
            other = room_of(target)
            peers = RANKS[other] == RANKS[room] and other != room
            if RANKS[other] > RANKS[room] or (peers and room != "ground"):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {room} imports {target} ({other})")
        elif top in PRESENTATION and room not in PRESENTATION[top]:
            wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {room} imports {top} (only {', '.join(sorted(PRESENTATION[top]))} may)")
    assert not wrong, "\n".join(wrong)


def test_every_room_is_known():
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert rooms <= set(RANKS), rooms - set(RANKS)


def test_the_contract_catches_an_upward_import(tmp_path, monkeypatch):
    """The check itself can fail: a measure importing the rule engine is reported."""
    fake = tmp_path / "netdiag" / "measures" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..rules.engine import evaluate\nimport typer\n")
    found = imports_of("netdiag.measures.bad", fake)
    assert found == [(1, "netdiag.rules.engine"), (2, "typer")]
    assert RANKS[room_of("netdiag.rules.engine")] > RANKS[room_of("netdiag.measures.bad")]


HEAVY = ("pandas", "numpy", "pyarrow", "scipy")


@pytest.mark.parametrize("argv", [["--help"], ["triage", "--help"], ["scan", "--help"], ["rules", "list", "--help"],
                                  ["suspects", "--help"], ["data", "inspect", "--help"], ["import", "--help"],
                                  ["sample", "--help"], ["show", "--help"], ["cases", "--help"], ["cases", "import", "--help"],
                                  ["cases", "surges", "--help"], ["cases", "report", "--help"]])
def test_help_does_not_import_the_data_libraries(argv):
    """`netdiag --help` and each command's help answer with typer alone (start-up time)."""
    script = (
        "import sys\n"
        f"sys.argv = ['netdiag', *{argv!r}]\n"
        "from netdiag.cli.app import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "Usage" in done.stdout, done.stderr
    assert "HEAVY []" in done.stderr, done.stderr


def test_import_netdiag_is_light_until_a_name_is_used():
    script = (
        "import sys, netdiag, netdiag.cli\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
        "netdiag.Dataset\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    before, after = done.stdout.splitlines()
    assert before == "[]" and "pandas" in after, done.stdout + done.stderr
