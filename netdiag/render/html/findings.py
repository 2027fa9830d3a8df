"""The network's findings as one HTML file: `scan -o scan.html` and `suspects -o suspects.html`.

Counts by severity, cause and BSC; a map of the cells with findings as wedges coloured by their
worst severity over the whole network's sectors; and the list as a sortable table.
"""

from __future__ import annotations

from ...diagnosis.diagnose import Diagnosis
from ...diagnosis.overview import Overview, scan_overview, suspects_overview
from ...diagnosis.suspects import SuspectList
from ..labels import LABELS, PICTURE_LABELS
from . import charts
from .page import render
from .svgmap import MapBuilder, MapOptions
from .values import evidence_items, missing


def scan_page(diagnosis: Diagnosis, lang: str, options: MapOptions | None = None, source: str | None = None) -> str:
    overview = scan_overview(diagnosis)
    rows = [_finding_row(r, lang) for r in overview.table.to_dict("records")]
    return _page(overview, "scan_report", rows, lang, options, source)


def suspects_page(found: SuspectList, lang: str, options: MapOptions | None = None, source: str | None = None) -> str:
    overview = suspects_overview(found)
    rows = [_suspect_row(r, lang) for r in overview.table.to_dict("records")]
    return _page(overview, "suspects_report", rows, lang, options, source)


def _page(overview: Overview, title: str, rows: list[dict], lang: str, options: MapOptions | None, source: str | None) -> str:
    labels = PICTURE_LABELS[lang]
    severity_text = LABELS[lang]
    causes = [(f"{r[f'title_{lang}']}", float(r["findings"])) for r in overview.by_cause.to_dict("records")]
    return render(
        "findings.html.j2", lang, labels[title], options, source=source, kind=overview.kind, rows=rows,
        cards=[(s, severity_text.get(s, s), n) for s, n in overview.by_severity.items()],
        total=len(overview.table), cells=len(overview.cells) + overview.unlocated,
        by_cause=[{**r, "title": r[f"title_{lang}"], "worst_text": severity_text.get(r["worst"], r["worst"])} for r in overview.by_cause.to_dict("records")],
        cause_bars=charts.bar_chart("", causes[:20], lambda v: f"{v:.0f}") if causes else None,
        by_bsc=overview.by_bsc.to_dict("records"), map=_map(overview, lang, options),
        unlocated=overview.unlocated, above_cell=overview.above_cell,
    )


def _finding_row(row: dict, lang: str) -> dict[str, object]:
    evidence = evidence_items(row["evidence"] if isinstance(row.get("evidence"), dict) else {}, lang)
    return {
        "severity": row["severity"], "severity_text": LABELS[lang].get(row["severity"], row["severity"]),
        "rank": {"critical": 4, "high": 3, "medium": 2, "low": 1}.get(row["severity"], 0),
        "score": f"{float(row['score']):.2f}", "title": row[f"title_{lang}"], "cause": row["cause"], "object": str(row["object"]),
        "cell": "" if missing(row.get("cell")) else str(row["cell"]), "bsc": "" if missing(row.get("bsc")) else str(row["bsc"]),
        "evidence": "; ".join(f"{label} {value}" for label, value, _ in evidence),
        "remedy": row[f"remedy_{lang}"],
    }


def _suspect_row(row: dict, lang: str) -> dict[str, object]:
    return {
        "rank_no": int(row["rank"]), "cell": str(row["cell"]), "bsc": "" if missing(row.get("bsc")) else str(row["bsc"]),
        "site": "" if missing(row.get("site")) else str(row["site"]), "score": f"{float(row['score']):.2f}",
        "severity": row["severity"], "severity_text": LABELS[lang].get(row["severity"], row["severity"]),
        "rank": {"critical": 4, "high": 3, "medium": 2, "low": 1}.get(row["severity"], 0),
        "titles": list(row["titles"]), "causes": list(row["causes"]), "tests": list(row["tests"]),
        "objects": ", ".join(map(str, row["objects"])),
        "position": "" if missing(row.get("lat")) or missing(row.get("lon")) else f"{row['lat']:.5f}, {row['lon']:.5f}",
    }


def _map(overview: Overview, lang: str, options: MapOptions | None):
    labels = PICTURE_LABELS[lang]
    builder = MapBuilder(options)
    network = overview.network
    drawn = set(overview.cells["cell"])
    rest = network[~network["cell"].isin(drawn)] if not network.empty else network
    if not rest.empty:
        builder.background(rest["lat"], rest["lon"], rest["azimuth"], rest["beam_deg"], rest["reach_m"], "network-cells",
                           f"{labels['network']}: {len(network)} {labels['cells']}")
    for row in overview.cells.to_dict("records"):
        severity = str(row["severity"])
        causes = ", ".join(row["causes"]) if isinstance(row["causes"], list) else str(row["causes"])
        title = f"{row['cell']} · {LABELS[lang].get(severity, severity)} · {labels['score']} {float(row['score']):.2f} · {causes}"
        builder.sector(row["lat"], row["lon"], row["azimuth"], row["beam_deg"], row["reach_m"], f"wedge finding sev-{severity}", title,
                       {"cell": str(row["cell"]), "severity": severity, "role": "finding"},
                       label=str(row["cell"]) if len(overview.cells) <= 60 else None)
        # a dot of a few pixels at any zoom: a wedge is a speck on a whole network's map
        builder.pin(row["lat"], row["lon"], f"pin mark sev-{severity}", title, {"role": "mark"})
    return builder.build()
