"""`netdiag suspects`: the planner's list of cells to visit on a drive test, as a table or a file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .common import (
    DataArg, DebugOpt, EncodingOpt, Gcj02Opt, LangOpt, ProfileOpt, RulesOpt, Severity, TilesOpt, fail, inputs, map_options, note,
    resolve_lang,
)


class SuspectFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    kml = "kml"
    geojson = "geojson"
    html = "html"


def suspects_command(
    data: DataArg,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (format from its suffix unless --format).")] = None,
    fmt: Annotated[Optional[SuspectFormat], typer.Option("--format", help="Output format (default: from --output's suffix, else table).")] = None,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Keep the N best suspects (default: all).")] = None,
    min_severity: Annotated[Optional[Severity], typer.Option("--min-severity", help="Only cells whose worst finding reaches this severity.")] = None,
    tiles: TilesOpt = None,
    gcj02: Gcj02Opt = False,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Cells to visit on a drive test, ranked: score, causes, coordinates and what to test on site."""
    from ..diagnosis.suspects import drive_test_suspects
    from ..render.emit import emit_suspects
    from ..render.files import check_output, format_for
    from ..render.labels import SUSPECT_LABELS

    language = resolve_lang(lang)
    labels = SUSPECT_LABELS[language]
    try:
        kind = fmt.value if fmt is not None else format_for(output) if output is not None else "table"
        if kind == "xlsx" and output is None:
            raise UsageError("--format xlsx writes a file: give --output FILE.xlsx")
        if kind == "table" and output is not None:
            raise UsageError("--format table prints to the terminal: use csv, xlsx, json, kml, geojson or html with --output")
        if output is not None:
            check_output(output, data)
        options = map_options(tiles, gcj02)
        found = drive_test_suspects(inputs(data, encoding=encoding, rules=rules, profile=profile), language, top,
                                    min_severity.value if min_severity else None, note)
        left_out = emit_suspects(found, kind, output, language, options, str(data))
    except NetdiagError as error:
        fail(error, debug)
        return
    if found.area_findings:
        note(labels["area"].format(n=found.area_findings))
    if left_out:
        note(labels["left_out"].format(n=left_out, fmt=kind.upper().replace("GEOJSON", "GeoJSON")))
    if output is not None:
        note(labels["wrote"].format(n=len(found.suspects) - left_out, path=output))
