"""The package's shape: explicit __all__, names loaded on first use, no CLI or presentation imports, and a
core free of the diagnosis: only the wiring modules (triage, links to the network's record, the
re-check, the desk's files, the commands' calls) reach the rooms below; the core never imports them."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import netdiag.cases

PACKAGE = Path(netdiag.cases.__file__).parent
ALLOWED_TOP = {"numpy", "pandas", "scipy", "yaml"}
ALLOWED_NETDIAG = {"errors", "lazy"}  # the only modules outside netdiag.cases the core may use: the ground
# Where the log meets the rest of netdiag: these may import the rooms below `cases` (the layer
# contract, tests/architecture, says which); nothing of the core imports them.
WIRING = {"triaging", "linking", "recheck", "files", "actions"}
BELOW = {"errors", "lazy", "catalogue", "io", "dataset", "measures", "store", "rules", "diagnosis"}


def test_importing_the_package_imports_nothing_else():
    code = (
        "import sys, netdiag; before = set(sys.modules); import netdiag.cases; "
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('netdiag') or m.split('.')[0] in "
        "{'pandas', 'numpy', 'scipy', 'pyarrow', 'sqlite3'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "['netdiag.cases']"


def test_every_public_name_resolves_to_the_object_not_a_module():
    for module in pkgutil.iter_modules([str(PACKAGE)]):
        importlib.import_module(f"netdiag.cases.{module.name}")  # submodules set package attributes on import
    assert sorted(netdiag.cases.__all__) == netdiag.cases.__all__
    for name in netdiag.cases.__all__:
        value = getattr(netdiag.cases, name)
        assert not isinstance(value, types.ModuleType), name


def test_imports_are_the_standard_library_the_data_stack_and_the_package_itself():
    stdlib = set(sys.stdlib_module_names)
    assert WIRING <= {p.stem for p in PACKAGE.glob("*.py")}
    for path in PACKAGE.glob("*.py"):
        wiring = path.stem in WIRING
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
                assert all(t in stdlib or t in ALLOWED_TOP for t in tops), (path.name, tops)
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0:
                    top = node.module.split(".")[0]
                    assert top in stdlib or top in ALLOWED_TOP, (path.name, node.module)
                elif node.level == 2:  # from ..x import
                    room = node.module.split(".")[0]
                    assert room in (BELOW if wiring else ALLOWED_NETDIAG), (path.name, node.module)
                else:
                    assert node.level == 1, (path.name, node.module)
                    named = {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
                    assert wiring or not named & WIRING, (path.name, node.module)
