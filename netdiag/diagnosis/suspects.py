"""The planner's suspect list before a drive test: one row per cell, ranked, with what to test on site.

A cell's score combines its findings like independent pieces of evidence:

    score = 1 − Π over the cell's causes (1 − finding score × severity weight)

Each cause counts once (its strongest finding), so two faulty TRXs of one cell do not count as two
causes, while a cell with a TRX fault *and* interference ranks above a cell with either alone. The
severity weight keeps a sure `low` finding below a likely `critical` one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain

import pandas as pd

from ..catalogue import LANGS
from ..rules.engine import SEVERITY_RANK
from .diagnose import Diagnosis
from .scan import scan
from .sectors import SECTOR_COLUMNS, sector_table
from .source import Inputs, Notes, ignore
from ..rules.model import SEVERITIES
from ..yamlsource import safe_load

SEVERITY_WEIGHT = {"low": 0.4, "medium": 0.6, "high": 0.85, "critical": 1.0}
# Levels whose findings name a cell the drive-test team can visit; the rest (circuits, BSC, LAC) cannot.
CELL_LEVELS = ("cell", "trx", "adjacency")
CELL_COLUMNS = ["bsc", "site", "lac", "ci", "lat", "lon", "azimuth"]
SUSPECT_COLUMNS = [
    "rank", "cell", *CELL_COLUMNS, "score", "severity", "causes", "titles", "symptoms", "tests", "remedy",
    "findings", "objects",
]


@lru_cache(maxsize=1)
def load_site_tests() -> dict[str, dict[str, str]]:
    """Per cause id, what the drive-test / site team should test: {cause: {"zh": ..., "en": ...}}."""
    text = resources.files("netdiag.data").joinpath("site_tests.yaml").read_text(encoding="utf-8")
    return {cause: dict(texts) for cause, texts in safe_load(text)["site_tests"].items()}


def cell_findings(diagnosis: Diagnosis) -> pd.DataFrame:
    """Findings on a cell, a TRX or a neighbour relation: the drive-test targets."""
    findings = diagnosis.findings
    return findings[findings["level"].isin(CELL_LEVELS) & findings["cell"].notna()]


def area_findings(diagnosis: Diagnosis) -> pd.DataFrame:
    """Findings above cell level (circuits, circuit groups, BSC, LAC): not places to drive to."""
    findings = diagnosis.findings
    return findings.drop(index=cell_findings(diagnosis).index)


def rank_suspects(
    diagnosis: Diagnosis, lang: str, top: int | None = None, min_severity: str | None = None
) -> pd.DataFrame:
    """One row per suspect cell, best first (score, then worst severity, then cell name).

    List columns (causes, titles, symptoms, tests, objects) hold Python lists, best cause first;
    the writers of netdiag.render.files render them `;`-joined. `min_severity` keeps cells whose worst
    finding reaches it; `top` keeps the first N after that.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    findings = cell_findings(diagnosis)
    if findings.empty:
        return pd.DataFrame(columns=SUSPECT_COLUMNS)
    findings = findings.assign(
        weighted=findings["score"].astype("float64") * findings["severity"].map(SEVERITY_WEIGHT).fillna(0.5),
        severity_rank=findings["severity"].map(SEVERITY_RANK),
    )
    causes = _ranked_causes(findings)
    findings = findings.merge(causes[["cell", "cause", "cause_order"]], on=["cell", "cause"]).sort_values(
        ["cell", "cause_order", "weighted", "object"], ascending=[True, True, False, True], kind="stable"
    )
    by_cell = findings.groupby("cell", sort=False)
    tests = load_site_tests()
    cause_tests = causes.assign(test=causes["cause"].map({c: t.get(lang) for c, t in tests.items()}))
    suspects = pd.DataFrame(
        {
            "score": (1.0 - (1.0 - causes["weighted"]).groupby(causes["cell"]).prod()).round(3),
            "severity_rank": by_cell["severity_rank"].max(),
            "causes": causes.groupby("cell", sort=False)["cause"].agg(list),
            "titles": by_cell[f"title_{lang}"].agg(list),
            "symptoms": by_cell["symptoms"].agg(lambda s: list(dict.fromkeys(chain.from_iterable(s)))),
            "tests": cause_tests.dropna(subset=["test"]).groupby("cell", sort=False)["test"].agg(_unique),
            "remedy": by_cell[f"remedy_{lang}"].first(),
            "findings": by_cell.size(),
            "objects": findings[findings["object"] != findings["cell"]].groupby("cell", sort=False)["object"].agg(_unique),
            "finding_bsc": by_cell["bsc"].first(),
            "finding_lac": by_cell["lac"].first(),
        }
    ).rename_axis("cell").reset_index()
    for column in ("tests", "objects"):
        suspects[column] = [v if isinstance(v, list) else [] for v in suspects[column]]
    suspects["severity"] = suspects["severity_rank"].map(dict(enumerate(SEVERITIES)))
    suspects = _with_cell_config(suspects, diagnosis)
    if min_severity is not None:
        suspects = suspects[suspects["severity_rank"] >= SEVERITY_RANK[min_severity]]
    suspects = suspects.sort_values(
        ["score", "severity_rank", "cell"], ascending=[False, False, True], kind="stable"
    ).head(top if top is not None else len(suspects))
    suspects.insert(0, "rank", range(1, len(suspects) + 1))
    return suspects[SUSPECT_COLUMNS].reset_index(drop=True)


def _ranked_causes(findings: pd.DataFrame) -> pd.DataFrame:
    """Per cell and cause the strongest finding, ordered best first within the cell."""
    causes = (
        findings.groupby(["cell", "cause"], sort=False)
        .agg(weighted=("weighted", "max"), severity_rank=("severity_rank", "max"))
        .reset_index()
        .sort_values(["cell", "weighted", "severity_rank", "cause"], ascending=[True, False, False, True], kind="stable")
    )
    causes["cause_order"] = causes.groupby("cell", sort=False).cumcount()
    return causes


def _unique(values: pd.Series) -> list:
    return list(dict.fromkeys(values))


def _with_cell_config(suspects: pd.DataFrame, diagnosis: Diagnosis) -> pd.DataFrame:
    """BSC, site, LAC, CI, coordinates and azimuth from the cells table (the finding's BSC/LAC otherwise)."""
    cells = diagnosis.dataset["cells"] if diagnosis.dataset is not None and diagnosis.dataset.has("cells") else None
    config = pd.DataFrame(columns=["cell", *CELL_COLUMNS])
    if cells is not None:
        config = cells.drop_duplicates("cell").reindex(columns=["cell", *CELL_COLUMNS])
    merged = suspects.merge(config, on="cell", how="left")
    merged["bsc"] = merged["bsc"].astype(object).where(merged["bsc"].notna(), merged["finding_bsc"])
    lac = pd.to_numeric(merged["lac"], errors="coerce").astype("Float64")
    merged["lac"] = lac.fillna(merged["finding_lac"].astype("Float64")).round().astype("Int64")
    for column in ("lat", "lon", "azimuth"):
        merged[column] = pd.to_numeric(merged[column], errors="coerce").astype("float64")
    return merged


@dataclass
class SuspectList:
    """The drive-test list, and how many findings above cell level it leaves out."""

    suspects: pd.DataFrame
    area_findings: int
    # The network's cell configuration (for maps: the suspects' sectors and the network around them)
    cells: pd.DataFrame | None = None

    def sectors(self) -> pd.DataFrame:
        """The suspect cells as sectors (diagnosis.sectors.SECTOR_COLUMNS), in list order."""
        if self.cells is None or self.suspects.empty:
            return pd.DataFrame(columns=SECTOR_COLUMNS)
        table = sector_table(self.cells, self.suspects["cell"])
        order = {cell: i for i, cell in enumerate(self.suspects["cell"].astype(str))}
        return table.assign(_o=table["cell"].map(order)).sort_values("_o").drop(columns="_o").reset_index(drop=True)


def drive_test_suspects(
    inputs: Inputs, lang: str = "en", top: int | None = None, min_severity: str | None = None, on_note: Notes = ignore
) -> SuspectList:
    """`netdiag suspects`: the network scanned, its cell-level findings ranked into cells to visit."""
    diagnosis = scan(inputs, on_note)
    ds = diagnosis.dataset
    cells = ds["cells"] if ds is not None and ds.has("cells") else None
    return SuspectList(rank_suspects(diagnosis, lang, top, min_severity), len(area_findings(diagnosis)), cells)
