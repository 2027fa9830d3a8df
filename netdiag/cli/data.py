"""`netdiag data inspect`: how each file of a data folder was read, and what looks wrong in it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError
from .common import DebugOpt, LangOpt, fail, note, resolve_lang

data_app = typer.Typer(help="Look at the exports themselves.", no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False)


@data_app.command("inspect")
def inspect_command(
    data: Annotated[Path, typer.Argument(help="Folder holding one network's exports.", show_default=False)],
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Encoding of the exports (default: detected).")] = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """For each file: the table it was read as (or why it was not used), encoding, delimiter, header
    row, column mapping, vendor counters matched and unknown, rows read and rejected (and why), time
    range; then unknown cells, duplicates and odd counters. Exit code 2 (after the listing) when a
    run on this folder would stop: a broken file, no cells table."""
    from ..dataset.inspect import inspect_folder
    from ..render.documents import inspection
    from ..render.emit import emit_inspection

    try:
        found = inspect_folder(data, encoding=encoding)
    except NetdiagError as error:
        fail(error, debug)
        return
    emit_inspection(inspection(found, resolve_lang(lang)), output, str(data), resolve_lang(lang))
    if found.error:
        note(f"netdiag: error: {found.error}")
        raise typer.Exit(2)
