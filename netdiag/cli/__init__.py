"""netdiag's command line (typer only): `netdiag.cli:main` is the console script."""

from .app import app, main

__all__ = ["app", "main"]
