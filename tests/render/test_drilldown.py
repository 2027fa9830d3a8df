"""The drill-down's sparklines."""

from __future__ import annotations

from netdiag.render.drilldown import sparkline


def test_a_sparkline_scales_values_to_eight_blocks():
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([1.0, None, 1.0]) == "▁ ▁"  # a flat line; a missing period is a gap
    assert sparkline([0.5], low=0, high=1) == "▅"
    assert sparkline([None, None]) == "  "


def test_a_long_series_is_drawn_in_runs():
    values = [0.0, 2.0] * 24 + [4.0, 6.0] * 24  # a day of quarter-hours
    line = sparkline(values)
    assert len(line) == 48  # each half-hour the mean of its two quarters
    assert line == "▁" * 24 + "█" * 24
