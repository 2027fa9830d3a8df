"""`netdiag show`: one cell's drill-down in the terminal (or as JSON)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError
from .common import (
    DaysOpt, DebugOpt, EncodingOpt, LangOpt, OptionalDataArg, ProfileOpt, RulesOpt, StoreOpt, UntilOpt, fail, inputs, note,
    resolve_lang,
)

DEFAULT_WINDOW_HOURS = 12.0  # (netdiag.dataset.window.DEFAULT_HOURS, not imported for --help's sake)


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


def show_command(
    data: OptionalDataArg = None,
    cell: Annotated[str, typer.Option("--cell", help="The cell to show.")] = ...,
    time: Annotated[Optional[str], typer.Option("--time", help="Show the hours before this moment (2026-11-20 14:30); default: all the data.")] = None,
    window: Annotated[float, typer.Option("--window", min=0.5, metavar="HOURS", help="Hours before --time to show (and one after).")] = DEFAULT_WINDOW_HOURS,
    output: Annotated[ShowFormat, typer.Option("--format", help="table (the terminal) or json.")] = ShowFormat.table,
    store: StoreOpt = None,
    days: DaysOpt = None,
    until: UntilOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """One cell's drill-down: configuration, TRXs, alarms, neighbours and handovers, KPIs per period, findings."""
    language = resolve_lang(lang)
    try:
        from ..diagnosis.cellview import cell_view

        view = cell_view(inputs(data, store, days, until, encoding, rules, profile), cell, time, window, note)
    except NetdiagError as error:
        fail(error, debug)
        return
    from ..render.emit import emit_cell

    emit_cell(view, output.value, language)
