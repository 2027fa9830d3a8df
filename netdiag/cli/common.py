"""What the command modules share: language choice, common options, one-line errors and notes.

Only typer and the standard library here: `netdiag --help` must not wait for pandas. Commands
import the library inside their bodies.
"""

from __future__ import annotations

import os
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from ..diagnosis.source import Inputs


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Severity(str, Enum):
    """A finding's severity as an option value (scan --fail-on, suspects --min-severity)."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def default_lang() -> Lang:
    for variable in ("NETDIAG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return Lang.zh if value.lower().startswith("zh") else Lang.en
    return Lang.en


def resolve_lang(lang: Lang | None) -> str:
    return (lang or default_lang()).value


def note(message: str) -> None:
    """Diagnostics go to stderr as plain lines (never wrapped, so scripts can grep them)."""
    typer.echo(message, err=True)


def fail(error: BaseException, debug: bool) -> None:
    """Bad input or usage: one line on stderr and exit code 2; --debug shows the traceback."""
    if debug:
        raise error
    note(f"netdiag: error: {error}")
    raise typer.Exit(2)


RulesOpt = Annotated[Optional[list[Path]], typer.Option("--rules", help="Rule file or folder (repeatable); default: the shipped rule base.")]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of causes, titles and remedies (default from the environment).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
DataArg = Annotated[Path, typer.Argument(help="Folder holding one network's exports.", show_default=False)]
EncodingOpt = Annotated[Optional[str], typer.Option("--encoding", help="Encoding of the exports (default: detected).")]
ProfileOpt = Annotated[
    Optional[Path],
    typer.Option("--profile", help="Operator profile (YAML): rule parameters, severities, disabled and extra rules. "
                 "Default: $NETDIAG_PROFILE, else netdiag.yaml in DATA."),
]

# -- the history store (netdiag import): --store/--days/--until for triage and scan ----------------
OptionalDataArg = Annotated[
    Optional[Path], typer.Argument(help="Folder holding one network's exports (or give --store).", show_default=False)
]
StoreOpt = Annotated[
    Optional[Path], typer.Option("--store", help="History store (filled by netdiag import) to read instead of DATA.")
]
DaysOpt = Annotated[
    Optional[int], typer.Option("--days", min=1, help="Days read from --store, up to its last day of statistics (default 7).")
]
UntilOpt = Annotated[
    Optional[datetime], typer.Option("--until", formats=["%Y-%m-%d"], help="Last day read from --store (default: its last day of statistics).")
]


def begin_reading(data: Path | None, store: Path | None, encoding: str | None) -> None:
    """A folder of exports (not a history store) begun reading now, in a thread, while the command
    imports what works on it (io.folder.read_soon)."""
    if data is None or store is not None:
        return
    from ..io.folder import read_soon
    from ..store.layout import MANIFEST

    if not (data / MANIFEST).is_file():
        read_soon(data, encoding)


def inputs(
    data: Path | None,
    store: Path | None = None,
    days: int | None = None,
    until: datetime | None = None,
    encoding: str | None = None,
    rules: list[Path] | None = None,
    profile: Path | None = None,
) -> Inputs:
    """The options that say where data and rules come from, as the library's Inputs."""
    from ..diagnosis.source import Inputs

    return Inputs(data=data, store=store, days=days, until=until.date() if until else None, encoding=encoding,
                  rules=tuple(rules or ()), profile=profile)

# -- the HTML pictures' maps (triage, suspects, scan -o *.html) ------------------------------------
TilesOpt = Annotated[
    Optional[str],
    typer.Option("--tiles", metavar="URL", help="Draw HTML maps over the tiles of this map server, e.g. "
                 "https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: no basemap, nothing fetched)."),
]
Gcj02Opt = Annotated[
    bool, typer.Option("--gcj02", help="Shift HTML map positions to GCJ-02, to line up with a Chinese web map's tiles.")
]


def map_options(tiles: str | None, gcj02: bool):
    """The HTML maps' options (a usage error for a tile URL without {z}, {x} and {y})."""
    from ..render.html.svgmap import MapOptions

    return MapOptions(tiles=tiles, gcj02=gcj02)


def output_inside(out_file: Path | None, data: Path | None, store: Path | None) -> None:
    """Never write into the data folder or the store (formats.md's output-file policy)."""
    from ..render.files import check_output

    if out_file is None:
        return
    if data is not None:
        check_output(out_file, data)
    if store is not None:
        check_output(out_file, store, "store")
