"""`netdiag show`: one cell's drill-down drawn in the terminal (rich), KPIs as sparklines."""

from __future__ import annotations

import math

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..diagnosis.cellview import CellView
from ..measures.series import SERIES
from .evidence import evidence_text
from .labels import ALARM_CLASS_LABELS, LABELS, MEASURE_LABELS, PICTURE_LABELS
from .html.values import measure_format, missing, percent

BLOCKS = "▁▂▃▄▅▆▇█"
MAX_SPARK = 48  # characters: quarter-hours of a day are drawn as half-hours
CONFIG_KEYS = ["bsc", "msc", "site", "lac", "ci", "bcch", "ncc", "bcc", "lat", "lon", "azimuth", "trx_count", "max_ta",
               "bs_ag_blks_res", "crh", "paging_barred", "max_pdch", "repeater", "region"]
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}


def sparkline(values: list[float | None], low: float | None = None, high: float | None = None, width: int = MAX_SPARK) -> str:
    """One block a value (more than `width` values: the mean of each run of them), scaled from low to
    high (the values' own range by default); a gap is a space."""
    if len(values) > width:
        step = math.ceil(len(values) / width)
        values = [_mean(values[i:i + step]) for i in range(0, len(values), step)]
    known = [v for v in values if v is not None and math.isfinite(v)]
    if not known:
        return " " * len(values)
    low = min(known) if low is None else low
    high = max(known) if high is None else high
    span = high - low
    out = []
    for v in values:
        if v is None or not math.isfinite(v):
            out.append(" ")
        else:
            level = 0 if span <= 0 else round((v - low) / span * (len(BLOCKS) - 1))
            out.append(BLOCKS[max(0, min(level, len(BLOCKS) - 1))])
    return "".join(out)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None and math.isfinite(v)]
    return sum(known) / len(known) if known else None


def print_cell(console: Console, view: CellView, lang: str) -> None:
    labels = PICTURE_LABELS[lang]
    scope = view.scope
    window = f"{view.window[0]:%Y-%m-%d %H:%M} – {view.window[1]:%Y-%m-%d %H:%M}" if view.window else "–"
    period = f" · {labels['period']} {view.period_min:.0f} {labels['minutes']}" if view.period_min else ""
    console.print(Text.assemble((view.cell, "bold"), f" · BSC {scope.bsc or '–'} · {labels['site']} {scope.site or '–'} · ",
                                f"{labels['window']} {window}{period}"))
    console.print(_config(view, labels))
    console.print(_kpis(view, lang))
    console.print(_findings(view, lang))
    console.print(_trx(view, labels))
    console.print(_alarms(view, lang))
    console.print(_neighbours(view, labels))
    for note in view.notes:
        console.print(f"[dim]{escape(labels[note])}[/dim]")


def _config(view: CellView, labels: dict[str, str]) -> Table:
    table = Table(title=labels["configuration"], title_justify="left", show_header=False, box=None, padding=(0, 2))
    items = [(k, view.config[k]) for k in CONFIG_KEYS if k in view.config]
    for _ in range(3):
        table.add_column(style="dim")
        table.add_column()
    for i in range(0, len(items), 3):
        row = []
        for key, value in items[i:i + 3]:
            row += [key, escape(_short(value))]
        table.add_row(*row)
    return table


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}" if not value.is_integer() else f"{value:.0f}"
    return str(value)


def _kpis(view: CellView, lang: str) -> Table:
    """A row per measure: the cell's periods and the network's as sparklines on one scale, the
    cell's lowest, highest and last value, and over the window the cell's rate against the baseline."""
    labels = PICTURE_LABELS[lang]
    table = Table(title=labels["kpis"], title_justify="left")
    for column in ("", labels["cell_value"], labels["network"], labels["min"], labels["max"], labels["last"], labels["window_rate"]):
        table.add_column(column, overflow="fold")
    periods = sorted(pd.to_datetime(view.series["start_time"]).unique()) if not view.series.empty else []
    for name in view.measures:
        fmt = measure_format(name)
        mine = view.series[view.series["measure"] == name].set_index("start_time")["value"]
        net = view.network[view.network["measure"] == name].set_index("start_time")["value"]
        cell_values = [_get(mine, t) for t in periods]
        net_values = [_get(net, t) for t in periods]
        known = [v for v in cell_values + net_values if v is not None]
        low, high = (min(known), max(known)) if known else (None, None)
        low = min(low, 0.0) if low is not None and SERIES[name].unit != "dBm" else low
        cells_known = [v for v in cell_values if v is not None]
        table.add_row(
            MEASURE_LABELS[lang][name], sparkline(cell_values, low, high),
            Text(sparkline(net_values, low, high), style="dim") if any(v is not None for v in net_values) else "",
            fmt(min(cells_known)) if cells_known else "–", fmt(max(cells_known)) if cells_known else "–",
            fmt(cells_known[-1]) if cells_known else "–", _window_rate(view, name, labels),
        )
    return table


def _window_rate(view: CellView, name: str, labels: dict[str, str]) -> str:
    rate = view.rates.get(name)
    if not rate or rate.get("cell") is None:
        return ""
    network = f" ({labels['network']} {percent(rate['network'])})" if rate.get("network") is not None else ""
    return percent(rate["cell"]) + network


def _get(series: pd.Series, t) -> float | None:
    if t not in series.index:
        return None
    value = series.loc[t]
    value = value.iloc[0] if isinstance(value, pd.Series) else value
    return None if pd.isna(value) else float(value)


def _findings(view: CellView, lang: str):
    labels = PICTURE_LABELS[lang]
    if view.findings.empty:
        return Text(labels["no_findings"], style="green")
    table = Table(title=labels["cell_findings"], title_justify="left", show_lines=True)
    for column in (labels["severity"], labels["score"], labels["cause"], labels["object"], labels["evidence"], labels["remedy"]):
        table.add_column(column, overflow="fold")
    for row in view.findings.to_dict("records"):
        evidence = row["evidence"] if isinstance(row["evidence"], dict) else {}
        lines = evidence_text(evidence, lang)
        severity = str(row["severity"])
        table.add_row(Text(LABELS[lang].get(severity, severity), style=SEVERITY_STYLE.get(severity, "")), f"{float(row['score']):.2f}",
                      f"{escape(str(row[f'title_{lang}']))}\n[dim]{row['cause']}[/dim]", escape(str(row["object"])), escape(lines),
                      escape(str(row[f"remedy_{lang}"])))
    return table


def _trx(view: CellView, labels: dict[str, str]):
    if view.trx.empty:
        return Text(labels["no_trx"], style="dim")
    table = Table(title=labels["trxs"], title_justify="left")
    columns = [("trx", "TRX"), ("arfcn", labels["arfcn"]), ("is_bcch", labels["bcch"]), ("trx_type", labels["trx_type"]),
               ("power_w", labels["power_w"]), ("tch_seizures", labels["tch_seizures"]), ("mean_hold", labels["mean_hold"]),
               ("assign_fail_rate", labels["assign_fail_rate"]), ("tch_drops", labels["tch_drops"]), ("drop_rate", labels["drop_rate"])]
    for _, title in columns:
        table.add_column(title, overflow="fold")
    for row in view.trx.to_dict("records"):
        cells = []
        for key, _ in columns:
            value = row.get(key)
            if missing(value):
                cells.append("–")
            elif key in ("assign_fail_rate", "drop_rate"):
                cells.append(percent(float(value)))
            elif key == "mean_hold":
                cells.append(f"{float(value):.1f}")
            elif key == "is_bcch":
                cells.append(labels["yes"] if bool(value) else "")
            else:
                cells.append(escape(_short(value)))
        table.add_row(*cells)
    return table


def _alarms(view: CellView, lang: str):
    labels = PICTURE_LABELS[lang]
    if view.alarms.empty:
        return Text(labels["no_cell_alarms"], style="dim")
    table = Table(title=labels["alarms"], title_justify="left")
    for column in (labels["raised"], labels["cleared"], labels["object"], labels["alarm"], labels["severity"]):
        table.add_column(column, overflow="fold")
    for row in view.alarms.to_dict("records"):
        name = str(row.get("alarm") or "")
        klass = ALARM_CLASS_LABELS[lang].get(str(row.get("alarm_class")))
        table.add_row(f"{row['raised_at']:%m-%d %H:%M}", labels["still_open"] if missing(row["cleared_at"]) else f"{row['cleared_at']:%m-%d %H:%M}",
                      escape(str(row.get("object") or "")), escape(name + (f" ({klass})" if klass else "")), escape(str(row.get("severity") or "")))
    return table


def _neighbours(view: CellView, labels: dict[str, str]):
    if view.neighbours.empty:
        return Text(labels["no_neighbours"], style="dim")
    table = Table(title=labels["neighbours"], title_justify="left")
    for column in (labels["neighbour"], labels["ho_attempts"], labels["ho_success"], labels["ho_fail_return"], labels["ho_drops"], labels["ho_fail_rate"]):
        table.add_column(column, justify="right" if column != labels["neighbour"] else "left")
    for row in view.neighbours.to_dict("records"):
        style = "bold red" if row["faulty"] else ""
        table.add_row(Text(str(row["neighbour"]), style=style),
                      *("–" if missing(row[k]) else f"{float(row[k]):,.0f}" for k in ("ho_attempts", "ho_success", "ho_fail_return", "ho_drops")),
                      Text("–" if missing(row["ho_fail_rate"]) else percent(float(row["ho_fail_rate"])), style=style))
    return table
