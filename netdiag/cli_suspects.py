"""`netdiag suspects`: the planner's list of cells to visit on a drive test, as a table or a file."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from . import export
from .cli_common import (
    DataArg, DebugOpt, EncodingOpt, LangOpt, ProfileOpt, RulesOpt, Severity, fail, load_and_diagnose, note, resolve_lang,
    stdout_console,
)
from .errors import NetdiagError, UsageError
from .suspects import area_findings, rank_suspects


class SuspectFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    kml = "kml"
    geojson = "geojson"


LABELS = {
    "zh": {"rank": "#", "cell": "小区", "bsc": "BSC", "site": "站点", "score": "得分", "severity": "级别",
           "causes": "可能原因", "tests": "现场测试", "remedy": "处理建议", "lat": "纬度", "lon": "经度",
           "objects": "涉及对象", "symptoms": "症状", "findings": "发现数", "titles": "发现",
           "none": "没有需要路测的小区",
           "area": "另有 {n} 项发现在小区以上层级(BSC/LAC/电路)，不在列表中：见 netdiag scan",
           "left_out": "{n} 个小区没有坐标，未写入 {fmt}",
           "wrote": "已写入 {n} 个可疑小区到 {path}"},
    "en": {"rank": "#", "cell": "cell", "bsc": "BSC", "site": "site", "score": "score", "severity": "severity",
           "causes": "likely causes", "tests": "test on site", "remedy": "remedy", "lat": "lat", "lon": "lon",
           "objects": "objects", "symptoms": "symptoms", "findings": "findings", "titles": "findings",
           "none": "no cell to drive-test",
           "area": "{n} findings above cell level (BSC/LAC/circuits) are not in the list: see netdiag scan",
           "left_out": "{n} suspects without coordinates are not in the {fmt}",
           "wrote": "wrote {n} suspects to {path}"},
}
KML_DESCRIPTION = ["rank", "score", "severity", "causes", "titles", "tests", "remedy", "objects", "bsc", "site"]


def suspects_command(
    data: DataArg,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (format from its suffix unless --format).")] = None,
    fmt: Annotated[Optional[SuspectFormat], typer.Option("--format", help="Output format (default: from --output's suffix, else table).")] = None,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Keep the N best suspects (default: all).")] = None,
    min_severity: Annotated[Optional[Severity], typer.Option("--min-severity", help="Only cells whose worst finding reaches this severity.")] = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Cells to visit on a drive test, ranked: score, causes, coordinates and what to test on site."""
    language = resolve_lang(lang)
    labels = LABELS[language]
    try:
        kind = _format(fmt, output)
        if output is not None:
            _check_output(output, data)
        diagnosis = load_and_diagnose(rules, data, encoding, profile)
        suspects = rank_suspects(diagnosis, language, top, min_severity.value if min_severity else None)
        above = len(area_findings(diagnosis))
        left_out = _emit(suspects, kind, output, language, above)
    except NetdiagError as error:
        fail(error, debug)
        return
    if above:
        note(labels["area"].format(n=above))
    if left_out:
        note(labels["left_out"].format(n=left_out, fmt=kind.upper().replace("GEOJSON", "GeoJSON")))
    if output is not None:
        note(labels["wrote"].format(n=len(suspects) - left_out, path=output))


def _format(fmt: SuspectFormat | None, output: Path | None) -> str:
    kind = fmt.value if fmt is not None else export.format_for(output) if output is not None else "table"
    if kind == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a file: give --output FILE.xlsx")
    if kind == "table" and output is not None:
        raise UsageError("--format table prints to the terminal: use csv, xlsx, json, kml or geojson with --output")
    return kind


def _check_output(output: Path, data: Path) -> None:
    """Never write into the data folder: its files are inputs, and a new file there would be read as one."""
    target, folder = output.resolve(), data.resolve()
    if target == folder or folder in target.parents:
        raise UsageError(f"--output {output} is inside the data folder {data}: write it elsewhere")
    if target.is_dir():
        raise UsageError(f"--output {output} is a folder: give a file name")


def _emit(suspects: pd.DataFrame, kind: str, output: Path | None, lang: str, above: int) -> int:
    target = output if output is not None else sys.stdout
    if kind == "table":
        _print_table(suspects, lang)
        return 0
    if kind == "json":
        return export.write_json({"suspects": suspects, "lang": lang, "area_findings": above}, target)
    if kind == "kml":
        name = "netdiag suspects" if lang == "en" else "netdiag 可疑小区"
        labels = LABELS[lang]
        return export.write_kml(suspects, target, name=name, description_columns=KML_DESCRIPTION, labels=labels)
    return export.write_table(suspects, target, kind)


def _print_table(suspects: pd.DataFrame, lang: str) -> None:
    labels = LABELS[lang]
    console = stdout_console()
    if suspects.empty:
        console.print(labels["none"])
        return
    table = Table(show_lines=True)
    for key in ("rank", "cell", "bsc", "score", "severity", "causes", "tests"):
        table.add_column(labels[key], overflow="fold")
    for row in suspects.to_dict("records"):
        causes = "\n".join(escape(str(title)) for title in row["titles"]) + "\n[dim]" + " ".join(row["causes"]) + "[/dim]"
        bsc = "-" if pd.isna(row["bsc"]) else escape(str(row["bsc"]))
        table.add_row(
            str(row["rank"]), escape(str(row["cell"])), bsc, f"{row['score']:.2f}", str(row["severity"]),
            causes, "\n".join(escape(test) if len(row["tests"]) == 1 else f"•\u00a0{escape(test)}" for test in row["tests"]),
        )
    console.print(table)
