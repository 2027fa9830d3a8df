"""What a ticket becomes in the log: where it is (its cells, region, BSC), what the triage says, its flags.

Shared by add_case and import_tickets. The triage is injected (a callable the CLI wires to netdiag's
triage); this module never imports the diagnosis code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import NetdiagError
from .classification import classify
from .model import VERDICTS, CaseInput, TriageOutcome
from .tickets import text_of

if TYPE_CHECKING:
    import pandas as pd

Triage = Callable[[CaseInput], TriageOutcome]

@dataclass(frozen=True)
class CellIndex:
    """The cells frame (formats.md `cells`: cell, lac, ci, region, bsc, lat, lon) as look-ups."""

    area: dict[str, tuple[str | None, str | None]]  # cell -> (region, bsc)
    by_cgi: dict[tuple[int, int], str]
    sites: tuple[list[str], Any] | None = None  # (cell names, their lat/lon as an (n, 2) array) where known

    @classmethod
    def of(cls, cells: pd.DataFrame | None) -> CellIndex | None:
        if cells is None:
            return None
        import numpy as np
        import pandas as pd
        names = cells["cell"].map(text_of)
        region = cells["region"].map(text_of) if "region" in cells else [None] * len(cells)
        bsc = cells["bsc"].map(text_of) if "bsc" in cells else [None] * len(cells)
        area = {n: (r, b) for n, r, b in zip(names, region, bsc) if n}
        by_cgi: dict[tuple[int, int], str] = {}
        if "lac" in cells and "ci" in cells:
            for name, lac, ci in zip(names, cells["lac"], cells["ci"]):
                if name and text_of(lac) and text_of(ci):
                    by_cgi[(int(float(lac)), int(float(ci)))] = name
        sites = None
        if "lat" in cells and "lon" in cells:
            lat, lon = pd.to_numeric(cells["lat"], errors="coerce"), pd.to_numeric(cells["lon"], errors="coerce")
            ok = (lat.notna() & lon.notna() & names.notna()).to_numpy()
            if ok.any():
                sites = (names[ok].tolist(), np.column_stack([lat[ok].to_numpy(float), lon[ok].to_numpy(float)]))
        return cls(area, by_cgi, sites)

    def nearest(self, lat: float, lon: float) -> str | None:
        """The cell whose site is nearest the spot (for its BSC and region: which cell serves it is the triage's to say)."""
        if self.sites is None:
            return None
        import numpy as np

        names, where = self.sites
        scale = np.cos(np.radians(lat))
        distance = (where[:, 0] - lat) ** 2 + ((where[:, 1] - lon) * scale) ** 2
        return names[int(np.argmin(distance))]


def run_triage(triage: Triage | None, ticket: CaseInput) -> TriageOutcome | None:
    """The triage's outcome, or an `error` outcome saying why it failed (a netdiag error: unknown
    cell, no statistics at that time); None without a triage."""
    if triage is None:
        return None
    try:
        outcome = triage(ticket)
    except NetdiagError as error:
        return TriageOutcome(verdict="error", note=str(error))
    if outcome.verdict not in VERDICTS:
        raise ValueError(f"triage returned verdict {outcome.verdict!r}, not one of {', '.join(VERDICTS)}")
    return outcome


def derived(ticket: CaseInput, outcome: TriageOutcome | None, cells: CellIndex | None) -> dict[str, Any]:
    """Every stored field that follows from the ticket, its triage and the cells: upstream fields,
    symptom, verdict, causes, cells involved, class, region, bsc and the computed flags."""
    values: dict[str, Any] = {"complaint_id": ticket.complaint_id}
    values.update((name, getattr(ticket, name)) for name in CaseInput.UPSTREAM)
    flags: list[str] = []
    resolved = None
    if cells is not None:
        if ticket.cell is not None:
            resolved = ticket.cell if ticket.cell in cells.area else None
            if resolved is None:
                flags.append("unknown_cell")
        elif ticket.lac is not None and ticket.ci is not None:
            resolved = cells.by_cgi.get((ticket.lac, ticket.ci))
            if resolved is None:
                flags.append("unknown_cell")
    if ticket.occurred_at is not None and ticket.received_at is not None and ticket.occurred_at > ticket.received_at:
        flags.append("occurred_after_received")
    involved = list(outcome.cells) if outcome is not None and outcome.cells else [c for c in (resolved or ticket.cell,) if c]
    main = ticket.cell or (involved[0] if involved else None)
    region, bsc = cells.area.get(main, (None, None)) if cells is not None and main else (None, None)
    if cells is not None and main is None and ticket.lat is not None and ticket.lon is not None:
        # A spot no triage placed: the area of the nearest site, for the region counts and area surges.
        region, bsc = cells.area.get(cells.nearest(ticket.lat, ticket.lon) or "", (None, None))
    values.update(symptom=ticket.symptom, cells=involved, region=region, bsc=bsc)
    if outcome is not None:
        flags += [f for f in outcome.flags if f not in flags]
        causes = [_cause(c) for c in outcome.causes]
        values.update(
            symptom=outcome.symptom or ticket.symptom, verdict=outcome.verdict, causes=causes,
            triage_note=outcome.note or None, **{"class": classify(outcome.verdict, outcome.causes)},
        )
    values["flags"] = flags
    return values


def _cause(cause: dict[str, Any]) -> dict[str, Any]:
    """A cause as stored: {cause, cell, object, score} (and kind when the triage gave it)."""
    out = {key: cause.get(key) for key in ("cause", "cell", "object", "score")}
    if out["score"] is not None:
        out["score"] = round(float(out["score"]), 4)
    if cause.get("kind"):
        out["kind"] = cause["kind"]
    return out


def stamp(ticket: CaseInput, now: datetime) -> CaseInput:
    """A ticket without a received time is received now."""
    return ticket if ticket.received_at is not None else replace(ticket, received_at=now)
