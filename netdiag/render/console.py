"""Results drawn for a terminal: rich tables of a triage, a scan, a batch of tickets, suspects."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..catalogue import load_catalogue
from ..diagnosis.triage import TriageResult
from ..diagnosis.changes import ScanChanges
from ..diagnosis.diagnose import Diagnosis
from ..diagnosis.tickets import is_missing
from .documents import finding_records, none_if_missing
from .evidence import evidence_label, evidence_text, evidence_value
from .labels import BATCH_LABELS, INSPECT_LABELS, LABELS, SUSPECT_LABELS

T = TypeVar("T")


def print_triage(console: Console, result: TriageResult, lang: str, top: int) -> None:
    labels = LABELS[lang]
    catalogue = load_catalogue()
    symptom = catalogue.symptoms[result.complaint.symptom][lang]
    colour = {"fault_found": "red", "no_evidence": "yellow"}.get(result.verdict, "green")
    complaint = result.complaint
    where = complaint.cell or (f"LAC {complaint.lac} CI {complaint.ci}" if complaint.lac is not None else None)
    where = where or (f"{complaint.spot.lat:.5f},{complaint.spot.lon:.5f}" if complaint.spot else "-")
    when = f" · {complaint.time:%Y-%m-%d %H:%M}" if complaint.time is not None else ""
    console.print(
        Text.assemble(
            (where, "bold"), when, " · ", symptom, " · ", f"{labels['verdict']}: ", (labels[result.verdict], f"bold {colour}"),
        )
    )
    for missing in result.missing:
        if missing.get("what") == "coverage":
            console.print(labels["out_of_area"].format(km=float(missing["distance_m"]) / 1000,
                                                       reach_km=float(missing["reach_m"]) / 1000, **missing))
            if missing.get("swapped_inside"):
                console.print(labels["swapped"])
    if complaint.spot is not None and not result.missing:
        _print_candidates(console, result.candidates, labels)
    for absent in (m for m in result.missing if "table" in m):  # statistics the candidate cells lack
        span = f" ({' – '.join(absent['covered'])})" if absent.get("covered") else ""
        console.print(f"  {labels['missing']}: {absent['table']} · {', '.join(absent['cells']) or '-'}{span}", markup=False)
    if result.verdict == "no_fault_found":
        _print_baseline(console, result, lang)
    causes = result.causes
    data = causes[causes["kind"] != "advice"].head(top)
    if not data.empty:
        table = Table(show_lines=True)
        widest_cause = int(data["cause"].astype(str).str.len().max())
        for column in ("#", labels["cause"], labels["object"], labels["where"], labels["score"], labels["confidence"], labels["evidence"], labels["remedy"]):
            table.add_column(column, overflow="fold", no_wrap=column in ("#", labels["object"], labels["score"]),  # ids whole
                             min_width=widest_cause if column == labels["cause"] else None)
        for i, row in enumerate(data.to_dict("records"), start=1):
            table.add_row(
                str(i), f"{row[f'title_{lang}']}\n[dim]{row['cause']}[/dim]", str(none_if_missing(row["object"]) or "-"),
                _where(row, labels), f"{row['rank_score']:.2f}", labels.get(str(row["confidence"]), str(row["confidence"])),
                _cause_evidence(row, lang), row[f"remedy_{lang}"],
            )
        console.print(table)
    advice = causes[causes["kind"] == "advice"]
    if not advice.empty:
        console.print(f"[bold]{labels['checks']}[/bold]")
        for row in advice.to_dict("records"):
            console.print(f"  • {row[f'title_{lang}']} — {row[f'remedy_{lang}']} [dim]({row['cause']})[/dim]")
    elif result.verdict == "no_fault_found":
        console.print(labels["no_checks"])


def _cause_evidence(row: dict, lang: str) -> str:
    """A cause's evidence in words; the baseline verdict's rates are the comparison printed above it."""
    if row.get("kind") == "baseline":
        return LABELS[lang]["see_baseline"]
    return escape(evidence_text(row["evidence"], lang))


def _print_baseline(console: Console, result: TriageResult, lang: str) -> None:
    """No fault found: the serving cell's rates beside the network's (GPRS ones for a GPRS complaint),
    with the counts they come from."""
    labels = LABELS[lang]
    if not result.baseline:
        console.print(labels["no_baseline"])
        return
    table = Table(title=labels["baseline"].format(cell=result.scope.cell), title_justify="left")
    for column in (labels["measure"], labels["this_cell"], labels["network"], labels["counts"]):
        table.add_column(column, overflow="fold")
    unknown = False
    for name, rates in result.baseline.items():
        network = rates.get("network")
        unknown = unknown or network is None
        counts = "; ".join(f"{evidence_label(k, lang)} {evidence_value(k, v, lang)}" for k, v in rates.items()
                           if k not in ("cell", "network"))
        table.add_row(evidence_label(name, lang), evidence_value(name, rates.get("cell"), lang),
                      evidence_value(name, network, lang), counts)
    console.print(table)
    if unknown:
        console.print(f"[dim]{labels['network_unknown']}[/dim]")


def _where(row: dict, labels: dict[str, str]) -> str:
    """How the cause relates to the complaint, and through which candidate cell when there are several."""
    if row.get("kind") == "location":
        return labels["location"]
    relation = labels.get(str(row.get("relation")), "-")
    via = none_if_missing(row.get("via"))
    return f"{relation} ({via})" if via and via != row.get("cell") else relation


def _print_candidates(console: Console, candidates: pd.DataFrame, labels: dict[str, str]) -> None:
    if candidates.empty:
        console.print(f"  {labels['unlocated']}")
        return
    parts = [
        f"{row['cell']} ({row['distance_m']:.0f} m, {labels['off_axis']} {row['off_axis_deg']:.0f}°, {labels['weight']} {row['weight']:.2f})"
        for row in candidates.to_dict("records")
    ]
    console.print(f"{labels['candidates']}: " + "; ".join(parts))


def print_scan(console: Console, diagnosis: Diagnosis, lang: str, limit: int | None = None,
               changes: ScanChanges | None = None) -> None:
    labels = LABELS[lang]
    findings = diagnosis.findings
    if findings.empty:
        console.print(labels["none"])
    else:
        table = Table()
        columns = [labels["severity"], labels["score"], labels["cause"], labels["object"], labels["evidence"]]
        tokens = {labels["severity"], labels["score"], labels["object"], labels["status"]}  # ids are never split
        shown = findings.head(limit) if limit else findings
        widest_cause = int(shown["cause"].astype(str).str.len().max())  # a cause id under its title is never split
        for column in ([labels["status"]] if changes is not None else []) + columns:
            table.add_column(column, overflow="fold", no_wrap=column in tokens,
                             min_width=widest_cause if column == labels["cause"] else None)
        rows: Iterable[dict] = finding_records(shown, lang)
        statuses = list(changes.status) if changes is not None else []
        for i, record in enumerate(rows):
            cells = [labels.get(record["severity"], record["severity"]), f"{record['score']:.2f}",
                     f"{record['title']}\n[dim]{record['cause']}[/dim]", record["object"], escape(evidence_text(record["evidence"], lang))]
            table.add_row(*([labels[statuses[i]]] if changes is not None else []), *cells)
        console.print(table)
        console.print(f"{len(findings)} {labels['findings']}")
    if changes is not None:
        new = int((changes.status == "new").sum())
        console.print(labels["changes"].format(new=new, persisting=len(changes.status) - new, cleared=len(changes.cleared),
                                               since=changes.since), markup=False)
        for record in changes.cleared:
            console.print(f"  {labels['cleared']}: {record.get('cause')} {record.get('object')}", markup=False)


def terminal() -> Console:
    """The console for stdout. A pipe or file has no width of its own: keep table rows whole rather
    than folded to 80 columns."""
    return Console(width=None if sys.stdout.isatty() else 200)


def captured(draw: Callable[[Console], None]) -> str:
    """What a rich drawing prints, as plain text for a file."""
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    draw(console)
    return console.export_text()


def progress_rows(rows: Iterable[T], total: int, description: str) -> list[T]:
    """Collect rows with a progress bar on stderr (only on a terminal: logs and pipes stay clean)."""
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(description, total=total)
        out = []
        for row in rows:
            out.append(row)
            progress.advance(task)
    return out


def batch_table(results: pd.DataFrame, lang: str) -> Table:
    labels = BATCH_LABELS[lang]
    symptoms = load_catalogue().symptoms
    table = Table()
    for column in ("complaint_id", "verdict", "symptom", "cell", "title", "object", "score", "confidence", "note"):
        table.add_column(labels[column], overflow="fold", no_wrap=column in ("complaint_id", "cell", "object", "score"))
    for row in results.to_dict("records"):
        row = {k: "" if is_missing(v) else v for k, v in row.items()}
        symptom = symptoms.get(row["symptom"], {}).get(lang, row["symptom"])
        table.add_row(
            str(row["complaint_id"]), labels.get(row["verdict"], row["verdict"]), str(symptom), str(row["cell"]),
            f"{row['title']}\n[dim]{row['cause']}[/dim]" if row["cause"] else "", str(row["object"]),
            f"{row['score']:.2f}" if row["score"] != "" else "", LABELS[lang].get(row["confidence"], row["confidence"]), str(row["note"]),
        )
    return table


def print_suspects(console: Console, suspects: pd.DataFrame, lang: str) -> None:
    labels = SUSPECT_LABELS[lang]
    if suspects.empty:
        console.print(labels["none"])
        return
    table = Table(show_lines=True)
    for key in ("rank", "cell", "bsc", "score", "severity", "causes", "tests"):
        table.add_column(labels[key], overflow="fold", no_wrap=key in ("rank", "cell", "bsc", "score", "severity"))
    for row in suspects.to_dict("records"):
        causes = "\n".join(escape(str(title)) for title in row["titles"]) + "\n[dim]" + " ".join(row["causes"]) + "[/dim]"
        bsc = "-" if pd.isna(row["bsc"]) else escape(str(row["bsc"]))
        table.add_row(
            str(row["rank"]), escape(str(row["cell"])), bsc, f"{row['score']:.2f}", LABELS[lang].get(row["severity"], str(row["severity"])),
            causes, "\n".join(escape(test) if len(row["tests"]) == 1 else f"•\u00a0{escape(test)}" for test in row["tests"]),
        )
    console.print(table)


def print_inspection(console: Console, doc: dict, title: str, lang: str = "en") -> None:
    """`data inspect`: one row per file read (and what the counter dictionary made of it), the files
    not used and why, then the flags and notes, and what stops a run."""
    labels = INSPECT_LABELS[lang]
    table = Table(title=title)
    for key in ("file", "table", "encoding", "delimiter", "header", "columns", "rows", "rejected", "footer", "time_range"):
        table.add_column(labels[key], overflow="fold")
    for f in doc["files"]:
        vendor = set(f["counters"].get("matched", ())) | set(f["counters"].get("unknown", ()))  # (listed below the table)
        mapped = escape(", ".join(f"{k}→{v}" if k != v else v for k, v in f["columns"].items() if k not in vendor))
        ignored = [h for h in f["ignored_columns"] if h not in vendor]
        if ignored:
            mapped += f"  [dim]({labels['ignored']}: {escape(', '.join(ignored))})[/dim]"
        first = f["rejected_rows"][0] if f["rejected_rows"] else None
        rejected = f"{f['rejected']}" + (f"\nline {first['line']}: {escape(first['reason'])}" if first else "")
        span = " – ".join(f["time_range"]) if f["time_range"] else "-"
        name = escape(f["file"]) + (f"\n[dim]{escape(f['format'])}[/dim]" if f["format"] != "delimited text" else "")
        table.add_row(name, f["table"], f["encoding"], f["delimiter"], str(f["header_line"]), mapped,
                      str(f["rows"]), rejected, str(f["footer_rows"]), span)
    console.print(table)
    for f in doc["files"]:
        lines = _counter_lines(f["counters"], labels) + f["notes"]
        if lines:
            console.print(f"{f['file']}:", markup=False)
            for line in lines:
                console.print(f"  {line}", markup=False)
    if doc["skipped"]:
        console.print(f"{labels['skipped']}:", markup=False)
        for s in doc["skipped"]:
            console.print(f"  {s['file']}: {s['reason']}", markup=False)
    for flag in doc["flags"]:
        kept = f"; {labels['kept']} {flag['kept']}" if flag.get("kept") else ""
        left = f", {labels['left_out']} {flag['left_out']}" if flag.get("left_out") else ""
        console.print(f"{labels['flag']}: {flag['table']}: {flag['check']}: {flag['rows']} rows (e.g. {flag['example']}){kept}{left}",
                      markup=False)
    for note in doc["notes"]:
        console.print(f"{labels['note']}: {note}", markup=False)
    if doc["missing_tables"]:
        console.print(f"{labels['missing']}: {', '.join(doc['missing_tables'])}", markup=False)


def _counter_lines(counters: dict, labels: dict[str, str]) -> list[str]:
    """The counter dictionary's reading of one file, a line per kind."""
    lines = []
    if counters.get("matched"):
        lines.append(f"{labels['matched']}: " + ", ".join(f"{h} = {c}" for h, c in counters["matched"].items()))
    if counters.get("computed"):
        lines.append(f"{labels['computed']}: " + ", ".join(f"{c} = {f}" for c, f in counters["computed"].items()))
    for key in ("unknown", "unused", "unverified"):
        if counters.get(key):
            lines.append(f"{labels[key]}: " + ", ".join(counters[key]))
    return lines


def print_rule_list(console: Console, rows: list[dict]) -> None:
    """`rules list`: one line per rule."""
    table = Table(show_lines=False)
    for column in ("id", "cause", "level", "severity"):
        table.add_column(column, no_wrap=True)
    for column in ("symptoms", "title"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["cause"], row["level"], row["severity"], ", ".join(row["symptoms"]), row["title"])
    console.print(table)
