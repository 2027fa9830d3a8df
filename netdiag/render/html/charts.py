"""Charts as SVG geometry worked out here and written by the templates: no script draws them, so they
show offline, print sharp and cost a few kilobytes each.

* period_chart: one measure per period over a window, a line per cell (a dot per period), the
  network's line dashed (or its whole-window value as a level line), the complaint moment marked.
* timeline: alarms as bars from raised to cleared over the same window.
* bar_chart / category_lines: the monthly report's bars and trends.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

WIDTH, HEIGHT = 560, 200
WIDE = 1050  # a figure as wide as the page (time lines, bars): drawn at about one unit a pixel
MARGIN = {"left": 56, "right": 14, "top": 14, "bottom": 30}
MAX_TIMELINE_ROWS = 24
ROW_PX = 18


@dataclass
class Point:
    x: float
    y: float
    title: str


@dataclass
class Line:
    name: str
    css: str  # series-1.. for cells, network for the network
    d: str  # the path (breaks where a period is missing)
    points: list[Point] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Chart:
    title: str
    unit: str
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    lines: list[Line] = field(default_factory=list)
    levels: list[tuple[float, str, str]] = field(default_factory=list)  # y, label, css
    markers: list[tuple[float, str, str]] = field(default_factory=list)  # x, label, text-anchor (the complaint moment)
    bars: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # timeline rows
    data: dict[str, str] = field(default_factory=dict)
    more: int = 0  # timeline rows left out


class TimeScale:
    def __init__(self, start: pd.Timestamp, end: pd.Timestamp, left: float, right: float) -> None:
        self.start, self.end, self.left, self.right = pd.Timestamp(start), pd.Timestamp(end), left, right
        self.span = max((self.end - self.start).total_seconds(), 1.0)

    def __call__(self, t) -> float:
        seconds = (pd.Timestamp(t) - self.start).total_seconds()
        return round(self.left + (self.right - self.left) * seconds / self.span, 1)

    def ticks(self) -> list[tuple[float, str]]:
        hours = self.span / 3600
        step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 48, 168) if hours / s <= 8), 336)
        first = self.start.ceil("h")
        while first.hour % min(step, 24) and step < 24:
            first += pd.Timedelta(hours=1)
        out, t = [], first
        multi_day = self.start.normalize() != (self.end - pd.Timedelta(seconds=1)).normalize()
        while t <= self.end:
            label = t.strftime("%m-%d %H:%M" if multi_day and (t.hour == 0 or step >= 24) else "%H:%M")
            out.append((self(t), label))
            t += pd.Timedelta(hours=step)
        return out


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values from low to high (low included)."""
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        high = low + 1.0
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    step = next(s * step for s in (1, 2, 2.5, 5, 10) if s * step >= raw)
    ticks = [round(math.floor(low / step) * step, 10)]
    while ticks[-1] < high:  # the last tick at or above the highest value: nothing drawn above the plot
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def period_chart(
    title: str,
    unit: str,
    fmt: Callable[[float], str],
    cells: Sequence[tuple[str, pd.DataFrame]],
    network: pd.DataFrame | None,
    level: float | None,
    window: tuple[pd.Timestamp, pd.Timestamp],
    moment: pd.Timestamp | None,
    period_min: float | None,
    labels: dict[str, str],
) -> Chart:
    """Lines of (start_time, value) per cell (in rank order) and the network's, over the window."""
    left, top = MARGIN["left"], MARGIN["top"]
    right, bottom = WIDTH - MARGIN["right"], HEIGHT - MARGIN["bottom"]
    xs = TimeScale(window[0], window[1], left, right)
    values = [v for _, f in cells for v in f["value"] if pd.notna(v)]
    if network is not None:
        values += [v for v in network["value"] if pd.notna(v)]
    if level is not None:
        values.append(level)
    low = min(0.0, min(values)) if values else 0.0
    high = max(values) if values else 1.0
    if high == low:
        high = low + (abs(low) * 0.1 or 1.0)
    y_ticks = nice_ticks(low, high)
    y_low, y_high = y_ticks[0], y_ticks[-1]

    def ys(value: float) -> float:
        return round(bottom - (bottom - top) * (value - y_low) / (y_high - y_low), 1)

    gap = pd.Timedelta(minutes=(period_min or 60) * 1.5)
    chart = Chart(title, unit, WIDTH, HEIGHT, (left, top, right, bottom), xs.ticks(), [(ys(v), fmt(v)) for v in y_ticks])
    for rank, (cell, frame) in enumerate(cells, start=1):
        chart.lines.append(_line(cell, f"series-{rank}", frame, xs, ys, gap, fmt, {"cell": cell}))
    if network is not None and not network.empty:
        chart.lines.append(_line(labels["network"], "network", network, xs, ys, gap, fmt, {"cell": ""}))
    elif level is not None:
        chart.levels.append((ys(level), f"{labels['network_window']} {fmt(level)}", "network"))
    _mark(chart, xs, moment, window, labels)
    return chart


def _mark(chart: Chart, xs: TimeScale, moment, window, labels: dict[str, str]) -> None:
    """The complaint moment: a line, its label on the side with room."""
    if moment is None or not window[0] <= moment <= window[1]:
        return
    x = xs(moment)
    right_side = x < chart.plot[0] + (chart.plot[2] - chart.plot[0]) * 0.7
    chart.markers.append((x, f"{labels['complaint_moment']} {moment:%H:%M}", "start" if right_side else "end"))


def _line(name, css, frame, xs, ys, gap, fmt, data) -> Line:
    frame = frame.sort_values("start_time")
    parts, points, previous = [], [], None
    for t, v in zip(frame["start_time"], frame["value"]):
        if pd.isna(v):
            previous = None
            continue
        x, y = xs(t), ys(float(v))
        parts.append(f"{'L' if previous is not None and t - previous <= gap else 'M'}{x} {y}")
        points.append(Point(x, y, f"{name} {pd.Timestamp(t):%m-%d %H:%M} {fmt(float(v))}"))
        previous = t
    return Line(name, css, "".join(parts), points, data)


def timeline(rows: Sequence[dict], window: tuple[pd.Timestamp, pd.Timestamp], moment: pd.Timestamp | None,
             labels: dict[str, str]) -> Chart:
    """Alarm bars (each row: label, raised_at, cleared_at or missing, css, title) over the window."""
    shown = list(rows)[:MAX_TIMELINE_ROWS]
    left, right, top = 260, WIDE - MARGIN["right"], 6
    height = top + ROW_PX * max(len(shown), 1) + MARGIN["bottom"] + 12
    bottom = height - MARGIN["bottom"] - 12
    xs = TimeScale(window[0], window[1], left, right)
    chart = Chart(labels["alarms"], "", WIDE, height, (left, top, right, bottom), xs.ticks(), [], more=len(rows) - len(shown))
    for i, row in enumerate(shown):
        start = max(pd.Timestamp(row["raised_at"]), window[0])
        cleared = row.get("cleared_at")
        end = window[1] if cleared is None or pd.isna(cleared) else min(pd.Timestamp(cleared), window[1])
        x1 = xs(start)
        x2 = max(xs(end), x1 + 2)  # a one-minute flap still shows
        chart.rows.append({"y": top + i * ROW_PX, "x1": x1, "x2": x2, "label": row["label"], "css": row["css"],
                           "title": row["title"], "open": cleared is None or pd.isna(cleared)})
    _mark(chart, xs, moment, window, labels)
    return chart


def bar_chart(title: str, items: Sequence[tuple[str, float | None]], fmt: Callable[[float], str], css: str = "bar") -> Chart:
    """Horizontal bars, one per (label, value); a missing value draws no bar but keeps its row."""
    left, right, top = 180, WIDE // 2 - 70, 6
    height = top + ROW_PX * max(len(items), 1) + 8
    values = [v for _, v in items if v is not None and math.isfinite(v)]
    high = max(values) if values else 1.0
    high = high if high > 0 else 1.0
    chart = Chart(title, "", WIDE // 2, height, (left, top, right, height - 8), [], [])
    for i, (label, value) in enumerate(items):
        known = value is not None and math.isfinite(value)
        length = (right - left) * (value / high) if known and value > 0 else 0.0
        chart.bars.append({"y": top + i * ROW_PX, "x": left, "w": round(length, 1), "label": label,
                           "value": fmt(value) if known else "–", "css": css})
    return chart


def category_lines(title: str, categories: Sequence[str], lines: Sequence[tuple[str, Sequence[float | None]]],
                   fmt: Callable[[float], str]) -> Chart:
    """Lines over evenly spaced categories (months): a dot per known value."""
    left, top = MARGIN["left"] + 20, MARGIN["top"]
    right, bottom = WIDTH - MARGIN["right"] - 24, HEIGHT - MARGIN["bottom"]  # room for the first and last category's name
    step = (right - left) / max(len(categories) - 1, 1)
    values = [v for _, vs in lines for v in vs if v is not None and math.isfinite(v)]
    y_ticks = nice_ticks(min(0.0, min(values)) if values else 0.0, max(values) if values else 1.0)
    y_low, y_high = y_ticks[0], y_ticks[-1]

    def ys(value: float) -> float:
        return round(bottom - (bottom - top) * (value - y_low) / ((y_high - y_low) or 1.0), 1)

    x_of = [round(left + i * step if len(categories) > 1 else (left + right) / 2, 1) for i in range(len(categories))]
    chart = Chart(title, "", WIDTH, HEIGHT, (left, top, right, bottom), list(zip(x_of, categories)), [(ys(v), fmt(v)) for v in y_ticks])
    for rank, (name, vs) in enumerate(lines, start=1):
        parts, points, joined = [], [], False
        for x, category, v in zip(x_of, categories, vs):
            if v is None or not math.isfinite(v):
                joined = False
                continue
            parts.append(f"{'L' if joined else 'M'}{x} {ys(v)}")
            points.append(Point(x, ys(v), f"{name} {category} {fmt(v)}"))
            joined = True
        chart.lines.append(Line(name, f"series-{(rank - 1) % 8 + 1}", "".join(parts), points, {"area": name}))
    return chart
