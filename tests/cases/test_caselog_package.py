"""The package's shape: explicit __all__, names loaded on first use, no CLI, presentation or diagnosis imports."""

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
ALLOWED_NETDIAG = {"errors", "lazy"}  # the only modules outside netdiag.cases it may use: the ground


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
    for path in PACKAGE.glob("*.py"):
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
                    assert node.module in ALLOWED_NETDIAG, (path.name, node.module)
                else:
                    assert node.level == 1, (path.name, node.module)
