"""Lazy package APIs (PEP 562): a package names its public objects and the modules that hold them,
and a module is imported when one of its names is first used. `import netdiag.cli` and
`netdiag --help` then never import pandas."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_api(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """(__getattr__, __dir__) for a package whose `exports` map each public name to its module
    (relative to the package, e.g. ".model")."""

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        globals_of(package)[name] = value  # (looked up once)
        return value

    def __dir__() -> list[str]:
        return sorted({*globals_of(package), *exports})

    return __getattr__, __dir__


def globals_of(package: str) -> dict[str, object]:
    import sys

    return vars(sys.modules[package])
