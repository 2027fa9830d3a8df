"""Where the case log lives when no path is given."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

FILE_NAME = "cases.db"


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """`NETDIAG_DB` when set, else the per-user data directory: `$XDG_DATA_HOME/netdiag/cases.db`,
    `%LOCALAPPDATA%\\netdiag\\cases.db` on Windows, or `~/.local/share/netdiag/cases.db`.

    `environ` defaults to os.environ (tests pass their own). The directory is not created here:
    open_log does that when it creates the file.
    """
    env = os.environ if environ is None else environ
    if env.get("NETDIAG_DB"):
        return Path(env["NETDIAG_DB"]).expanduser()
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]).expanduser() / "netdiag" / FILE_NAME
    if os.name == "nt" and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "netdiag" / FILE_NAME
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return home / ".local" / "share" / "netdiag" / FILE_NAME
