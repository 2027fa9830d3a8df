"""The monthly complaint report as one HTML file (`netdiag cases report ... -o report.html`).

The month's figures as cards, complaints per 10,000 subscribers by region (complaints where no
subscriber count is known), the ratio's trend over the months before, the service levels, the
hotspots on a map (over the network's sectors when the cell configuration is given), and every view
of the report as a table with the labels of netdiag.render.labels.
"""

from __future__ import annotations

import math

import pandas as pd

from ...cases.report import Report
from ...diagnosis.sectors import sector_table
from ..labels import PICTURE_LABELS, REPORT_COLUMNS, REPORT_LABELS, REPORT_TITLES
from . import charts
from .page import render
from .svgmap import MapBuilder, MapOptions
from .values import missing, number, percent

MAX_TREND_AREAS = 8  # the regions with most complaints; more lines are unreadable
MIN_HOTSPOT_RADIUS_M = 150.0
TABLE_VIEWS = ("by_region", "ratio_trend", "by_symptom", "by_cause", "by_class", "by_category", "sla", "top_cells",
               "repeat_cells", "repeat_subscribers", "hotspots", "surges")
SHARES = {"share", "share_within", "ack_within_share", "close_within_share", "satisfied_share"}


def cases_report_page(report: Report, lang: str, options: MapOptions | None = None, cells: pd.DataFrame | None = None,
                      source: str | None = None) -> str:
    """The report as one self-contained HTML document; `cells` (the cell configuration) draws the
    network's sectors under the hotspots."""
    labels = PICTURE_LABELS[lang]
    return render(
        "cases.html.j2", lang, f"{labels['cases_report']} {report.month}", options, source=source, month=report.month,
        cards=_cards(report, lang), region=_region_chart(report, lang), trend=_trend_chart(report, lang),
        sla=_sla_chart(report, lang), map=_map(report, lang, options, cells), hotspots=len(report.views.get("hotspots", [])),
        tables=[_table(report, view, lang) for view in TABLE_VIEWS if view in report.views], notes=list(report.notes),
    )


def cell_text(column: str, value: object) -> str:
    """A report cell as read: shares as percent, counts whole, times to the minute."""
    if missing(value):
        return "–"
    if isinstance(value, (pd.Timestamp,)) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if column in SHARES:
            return percent(float(value))
        if column in ("per_10k", "valid_per_10k", "change", "ratio", "expected"):
            return f"{float(value):+.2f}" if column == "change" else f"{float(value):.2f}"
        if column in ("p_value", "q_value"):
            return f"{float(value):.2g}"
        if column in ("lat", "lon"):
            return f"{float(value):.5f}"
        return number(float(value), 0 if float(value).is_integer() else 1)
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}×{v}" for k, v in value.items())
    return str(value)


def _cards(report: Report, lang: str) -> list[tuple[str, str]]:
    summary = report.views.get("summary")
    if summary is None or summary.empty:
        return []
    row = summary.iloc[0].to_dict()
    names = REPORT_LABELS[lang]["summary"]
    shown = ["complaints", "valid", "per_10k", "valid_per_10k", "open", "ack_within_share", "close_within_share", "repeat_msisdn",
             "satisfied_share", "hotspots"]
    return [(names[c], cell_text(c, row.get(c))) for c in shown if c in row]


def _view(report: Report, name: str) -> pd.DataFrame | None:
    """A view of the report, None when it is missing or empty."""
    frame = report.views.get(name)
    return None if frame is None or frame.empty else frame


def _region_chart(report: Report, lang: str) -> charts.Chart | None:
    region = _view(report, "by_region")
    if region is None:
        return None
    labels = PICTURE_LABELS[lang]
    ratio = region["per_10k"].notna().any()
    column = "per_10k" if ratio else "complaints"
    ordered = region.sort_values([column, "area"], ascending=[False, True])
    items = [(str(r["area"]), None if missing(r[column]) else float(r[column])) for r in ordered.to_dict("records")]
    fmt = (lambda v: f"{v:.2f}") if ratio else (lambda v: f"{v:.0f}")
    chart = charts.bar_chart(labels["ratio_by_region"] if ratio else labels["complaints_by_region"], items, fmt)
    chart.data = {"measure": column}
    return chart


def _trend_chart(report: Report, lang: str) -> charts.Chart | None:
    trend = _view(report, "ratio_trend")
    if trend is None:
        return None
    labels = PICTURE_LABELS[lang]
    column = "per_10k" if trend["per_10k"].notna().any() else "complaints"
    months = sorted(trend["month"].astype(str).unique())
    biggest = trend.groupby("area")["complaints"].sum().sort_values(ascending=False).head(MAX_TREND_AREAS).index
    lines = []
    for area in sorted(biggest, key=lambda a: (-trend.loc[trend["area"] == a, "complaints"].sum(), str(a))):
        rows = trend[trend["area"] == area].set_index(trend.loc[trend["area"] == area, "month"].astype(str))[column]
        lines.append((str(area), [None if m not in rows.index or missing(rows[m]) else float(rows[m]) for m in months]))
    title = f"{labels['trend']} · {REPORT_LABELS[lang]['ratio_trend'][column]}"
    chart = charts.category_lines(title, months, lines, (lambda v: f"{v:.2f}") if column == "per_10k" else (lambda v: f"{v:.0f}"))
    chart.data = {"measure": column}
    return chart


def _sla_chart(report: Report, lang: str) -> charts.Chart | None:
    sla = _view(report, "sla")
    if sla is None:
        return None
    names = REPORT_LABELS[lang]["sla"]
    stages = {"acknowledged": REPORT_LABELS[lang]["summary"]["ack_within_share"], "closed": REPORT_LABELS[lang]["summary"]["close_within_share"]}
    items = [(stages.get(str(r["stage"]), str(r["stage"])), None if missing(r["share_within"]) else float(r["share_within"]))
             for r in sla.to_dict("records")]
    chart = charts.bar_chart(f"{PICTURE_LABELS[lang]['sla']} · {names['share_within']}", items, percent, css="bar sla")
    for bar, (_, value) in zip(chart.bars, items):  # shares against 100 %, not against the best stage
        bar["w"] = round((chart.plot[2] - chart.plot[0]) * (value or 0.0), 1)
    return chart


def _map(report: Report, lang: str, options: MapOptions | None, cells: pd.DataFrame | None):
    hotspots = report.views.get("hotspots")
    labels = PICTURE_LABELS[lang]
    builder = MapBuilder(options)
    if cells is not None and hotspots is not None and not hotspots.empty:
        network = sector_table(cells)
        if not network.empty:
            builder.background(network["lat"], network["lon"], network["azimuth"], network["beam_deg"], network["reach_m"],
                               "network-cells", labels["network"])
    for row in (hotspots.to_dict("records") if hotspots is not None else []):
        if missing(row.get("lat")) or missing(row.get("lon")):
            continue
        radius = max(float(row.get("radius_m") or 0.0), MIN_HOTSPOT_RADIUS_M)
        title = f"#{row['rank']} · {row['count']} · {cell_text('cells', row.get('cells'))} · {cell_text('symptoms', row.get('symptoms'))}"
        builder.circle(float(row["lat"]), float(row["lon"]), radius, "hotspot", title, {"rank": str(row["rank"]), "role": "hotspot"},
                       label=f"#{row['rank']} ({row['count']})")
    return builder.build()


def _table(report: Report, view: str, lang: str) -> dict[str, object]:
    frame = report.views[view]
    columns = [c for c in REPORT_COLUMNS.get(view, list(frame.columns)) if c in frame.columns]
    names = REPORT_LABELS[lang].get(view, {})
    rows = [[(cell_text(c, r.get(c)), _sort_key(r.get(c))) for c in columns] for r in frame.to_dict("records")]
    return {"id": view, "title": REPORT_TITLES[lang].get(view, view), "columns": [names.get(c, c) for c in columns],
            "numeric": [pd.api.types.is_numeric_dtype(frame[c]) for c in columns], "rows": rows}


def _sort_key(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not (isinstance(value, float) and math.isnan(value)):
        return repr(float(value))
    return ""
