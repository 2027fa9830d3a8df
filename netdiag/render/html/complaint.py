"""The complaint report: one HTML file to close a ticket with (netdiag triage ... -o report.html).

What was complained of and how it was read, the verdict, each cause with its evidence, remedy and
what to test on site, the candidate cells' measures per period against the network, the alarms on
a time line, and a map of the sectors around the spot.
"""

from __future__ import annotations

import pandas as pd

from ...catalogue import load_catalogue
from ...diagnosis.pictures import ComplaintView
from ...diagnosis.suspects import load_site_tests
from ...measures.series import SERIES
from ..labels import ALARM_CLASS_LABELS, LABELS, MEASURE_LABELS, PICTURE_LABELS
from . import charts
from .page import render
from .svgmap import MapBuilder, MapOptions
from .values import evidence_items, measure_format, missing, number, percent

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def complaint_page(view: ComplaintView, lang: str, options: MapOptions | None = None, source: str | None = None) -> str:
    """The report as one self-contained HTML document."""
    labels = PICTURE_LABELS[lang]
    result = view.result
    return render(
        "complaint.html.j2", lang, labels["complaint_report"], options, source=source,
        complaint=_complaint(view, lang), verdict=result.verdict,
        candidates=_candidates(result.candidates, lang) if result.complaint.spot is not None else [],
        causes=_causes(result.causes, lang), checks=_checks(result.causes, lang),
        legend=[(f"series-{i}", cell) for i, cell in enumerate(_candidate_cells(view), start=1)],
        charts=_charts(view, lang), timeline=_timeline(view, lang), alarms=_alarm_rows(view, lang),
        map=_map(view, lang, options), relations=_relations(view), other_objects=view.other_objects,
        notes=[labels[n] for n in view.notes], skipped=len(result.skipped),
    )


def _candidate_cells(view: ComplaintView) -> list[str]:
    return [str(c) for c in view.result.candidates["cell"]] if not view.result.candidates.empty else []


def _complaint(view: ComplaintView, lang: str) -> dict[str, object]:
    labels = PICTURE_LABELS[lang]
    complaint = view.result.complaint
    catalogue = load_catalogue()
    if complaint.cell:
        where = complaint.cell
    elif complaint.lac is not None:
        where = f"LAC {complaint.lac} CI {complaint.ci}"
    elif complaint.spot is not None:
        where = f"{complaint.spot.lat:.5f}, {complaint.spot.lon:.5f}"
        if complaint.spot.radius_m:
            where += f" (± {complaint.spot.radius_m:.0f} m)"
    else:
        where = "–"
    if view.window is None:
        window = "–"
    else:
        window = f"{view.window[0]:%Y-%m-%d %H:%M} – {view.window[1]:%Y-%m-%d %H:%M}"
        window += "" if complaint.time is not None else f" ({labels['whole_data']})"
    period = f"{view.period_min:.0f} {labels['minutes']}" if view.period_min else None
    return {
        "id": complaint.complaint_id, "where": where, "cell": view.result.scope.cell,
        "when": f"{complaint.time:%Y-%m-%d %H:%M}" if complaint.time is not None else labels["no_time"],
        "said": complaint.text, "symptom": catalogue.symptoms[complaint.symptom][lang], "symptom_id": complaint.symptom,
        "how": labels["read_from_words"] if complaint.text else labels["given_as_id"], "window": window, "period": period,
    }


def _candidates(candidates: pd.DataFrame, lang: str) -> list[dict[str, object]]:
    labels = PICTURE_LABELS[lang]
    rows = []
    for i, row in enumerate(candidates.to_dict("records"), start=1):
        rows.append({
            "rank": i, "css": f"series-{i}", "cell": row["cell"], "distance": f"{row['distance_m']:,.0f} m",
            "bearing": f"{row['bearing_deg']:.0f}°", "off_axis": f"{row['off_axis_deg']:.0f}°",
            "reach": "–" if missing(row["expected_radius_m"]) else f"{row['expected_radius_m']:,.0f} m",
            "margin": f"{row['margin_db']:.1f} dB", "weight": f"{row['weight']:.2f}",
            "points_at": labels["yes"] if row["points_at"] else labels["no"],
        })
    return rows


def _where(row: dict, lang: str) -> str:
    labels = LABELS[lang]
    if row.get("kind") == "location":
        return labels["location"]
    relation = labels.get(str(row.get("relation")), "–")
    via = None if missing(row.get("via")) else row.get("via")
    return f"{relation} ({labels['via']} {via})" if via and via != row.get("cell") else relation


def _causes(causes: pd.DataFrame, lang: str) -> list[dict[str, object]]:
    tests = load_site_tests()
    out = []
    data = causes[causes["kind"] != "advice"] if not causes.empty else causes
    for i, row in enumerate(data.to_dict("records"), start=1):
        out.append({
            "rank": i, "cause": row["cause"], "title": row[f"title_{lang}"], "kind": row["kind"],
            "object": None if missing(row.get("object")) else str(row["object"]),
            "cell": None if missing(row.get("cell")) else str(row["cell"]),
            "where": _where(row, lang), "severity": row["severity"], "severity_text": LABELS[lang].get(row["severity"], row["severity"]),
            "score": f"{float(row['rank_score']):.2f}", "confidence": LABELS[lang].get(str(row["confidence"]), str(row["confidence"])),
            "evidence": evidence_items(row["evidence"] if isinstance(row["evidence"], dict) else {}, lang),
            "remedy": row[f"remedy_{lang}"], "test": tests.get(row["cause"], {}).get(lang),
        })
    return out


def _checks(causes: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    advice = causes[causes["kind"] == "advice"] if not causes.empty else causes
    return [{"title": r[f"title_{lang}"], "remedy": r[f"remedy_{lang}"], "cause": r["cause"]} for r in advice.to_dict("records")]


def _charts(view: ComplaintView, lang: str) -> list[charts.Chart]:
    if view.window is None:
        return []
    labels = PICTURE_LABELS[lang]
    cells = _candidate_cells(view)
    out = []
    for name in view.measures:
        mine = view.series[view.series["measure"] == name]
        network = view.network[view.network["measure"] == name]
        chart = charts.period_chart(
            MEASURE_LABELS[lang][name], SERIES[name].unit, measure_format(name),
            [(cell, mine[mine["cell"] == cell]) for cell in cells], network if not network.empty else None,
            view.baselines.get(name) if network.empty else None, view.window, view.result.complaint.time, view.period_min, labels,
        )
        chart.data = {"measure": name}
        out.append(chart)
    return out


def _alarm_label(row: dict, lang: str) -> str:
    name = ALARM_CLASS_LABELS[lang].get(str(row.get("alarm_class")), None) or str(row.get("alarm") or "")
    where = row.get("object") or row.get("cell") or row.get("site") or row.get("bsc") or ""
    return f"{where} · {name}"


def _timeline(view: ComplaintView, lang: str) -> charts.Chart | None:
    if view.window is None or view.alarms.empty:
        return None
    rows = []
    for row in view.alarms.to_dict("records"):
        cleared = None if missing(row["cleared_at"]) else row["cleared_at"]
        rows.append({"label": _alarm_label(row, lang), "raised_at": row["raised_at"], "cleared_at": cleared,
                     "css": f"alarm sev-{str(row.get('severity') or 'unknown').lower()}",
                     "title": f"{row.get('alarm')} · {row['raised_at']:%m-%d %H:%M}" + (f" – {cleared:%m-%d %H:%M}" if cleared is not None else "")})
    return charts.timeline(rows, view.window, view.result.complaint.time, PICTURE_LABELS[lang])


def _alarm_rows(view: ComplaintView, lang: str) -> list[dict[str, str]]:
    labels = PICTURE_LABELS[lang]
    out = []
    for row in view.alarms.to_dict("records"):
        out.append({
            "raised": f"{row['raised_at']:%Y-%m-%d %H:%M}",
            "cleared": labels["still_open"] if missing(row["cleared_at"]) else f"{row['cleared_at']:%Y-%m-%d %H:%M}",
            "object": str(row.get("object") or row.get("cell") or row.get("site") or ""),
            "alarm": str(row.get("alarm") or ""), "class": ALARM_CLASS_LABELS[lang].get(str(row.get("alarm_class")), str(row.get("alarm_class") or "")),
            "severity": str(row.get("severity") or ""), "concerns": labels.get(f"on_{row['concerns']}", row["concerns"]),
        })
    return out


def _relations(view: ComplaintView) -> list[dict[str, object]]:
    out = []
    for row in view.relations.to_dict("records"):
        out.append({
            "cell": row["cell"], "neighbour": row["neighbour"], "faulty": bool(row["faulty"]),
            **{k: "–" if missing(row[k]) else number(float(row[k]), 0) for k in ("ho_attempts", "ho_success", "ho_fail_return", "ho_drops")},
            "ho_fail_rate": "–" if missing(row["ho_fail_rate"]) else percent(float(row["ho_fail_rate"])),
        })
    return out


def _map(view: ComplaintView, lang: str, options: MapOptions | None):
    labels = PICTURE_LABELS[lang]
    builder = MapBuilder(options)
    sectors = view.sectors
    where = {r["cell"]: r for r in sectors.to_dict("records")}
    for row in sectors[sectors["role"] != "candidate"].to_dict("records"):
        css = f"wedge {row['role']}" + (" faulty" if row["faulty"] else "")
        title = (f"{labels['neighbour']} " if row["role"] == "neighbour" else "") + str(row["cell"]) + (f" ({labels['faulty']})" if row["faulty"] else "")
        builder.sector(row["lat"], row["lon"], row["azimuth"], row["beam_deg"], row["reach_m"], css, title,
                       {"cell": row["cell"], "role": row["role"]}, label=str(row["cell"]) if row["faulty"] else None)
    for row in view.relations.to_dict("records"):
        a, b = where.get(row["cell"]), where.get(row["neighbour"])
        if a is None or b is None:
            continue
        rate = "–" if missing(row["ho_fail_rate"]) else percent(float(row["ho_fail_rate"]))
        builder.line(a["lat"], a["lon"], b["lat"], b["lon"], "relation" + (" faulty" if row["faulty"] else ""),
                     f"{row['cell']} → {row['neighbour']}: {labels['ho_fail_rate']} {rate}", {"relation": f"{row['cell']}->{row['neighbour']}"})
    for row in sectors[sectors["role"] == "candidate"].sort_values("rank", ascending=False).to_dict("records"):
        rank = int(row["rank"])
        css = f"wedge candidate series-{rank}" + (" faulty" if row["faulty"] else "")
        title = f"{labels['candidate']} {rank}: {row['cell']}" + (f" ({labels['faulty']})" if row["faulty"] else "")
        builder.sector(row["lat"], row["lon"], row["azimuth"], row["beam_deg"], row["reach_m"], css, title,
                       {"cell": row["cell"], "role": "candidate"}, label=str(row["cell"]))
    spot = view.result.complaint.spot
    if spot is not None:
        builder.pin(spot.lat, spot.lon, "pin spot", labels["spot"], {"role": "spot"}, label=labels["spot"])
    return builder.build()
