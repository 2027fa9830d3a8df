"""The shape of a rule file, as pydantic models that reject unknown keys."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..measures.levels import LEVELS
from ..io.schema import NETWORK_TABLES

Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
Level = Literal[LEVELS]  # type: ignore[valid-type]
TableName = Literal[tuple(NETWORK_TABLES)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-visible text; every one exists in Chinese and English."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Parameter(Strict):
    default: float | int | bool | str
    description: str = Field(min_length=1)
    unit: str | None = None


class Persistence(Strict):
    """The condition is evaluated per period; the rule fires where it held often enough."""

    min_periods: int = Field(default=1, ge=1)
    min_share: float = Field(default=0.0, ge=0.0, le=1.0)
    # How long, in hours, the condition must have held (the periods' own lengths summed): "three busy
    # hours" are twelve quarter-hours in an export of 15-minute periods, not three of them.
    min_hours: float = Field(default=0.0, ge=0.0)


class Stretch(Strict):
    """Judge the rule also over each object's stretch (measures.stretch): the runs of periods where
    `when` holds (interruptions up to `gap_hours` bridged), or the stretch since the hour at which
    the column named by `rise` / `fall` changed most, to the window's end. Stretches shorter than
    `min_hours` are not judged (and a change needs that much before it too)."""

    when: str | None = None
    rise: str | None = None
    fall: str | None = None
    gap_hours: float = Field(default=0.0, ge=0.0)
    min_hours: float = Field(default=1.0, ge=0.0)


class ExpectedFinding(Strict):
    object: str
    severity: Severity | None = None
    confidence: Literal["high", "medium", "low"] | None = None


class RuleTest(Strict):
    """A fixture case: small inline tables in, the findings this rule must raise out (none: `expect: []`).

    A table is CSV text (header first) or a list of mappings; `cells` is always needed.
    """

    name: str = Field(min_length=1)
    tables: dict[TableName | Literal["cells"], str | list[dict[str, object]]]
    parameters: dict[str, float | int | bool | str] = Field(default_factory=dict)
    expect: list[ExpectedFinding]


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    cause: str
    level: Level
    symptoms: list[str] | None = None  # default: the cause's symptoms in causes.yaml
    requires: list[TableName] = Field(default_factory=list)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    condition: str = Field(min_length=1)
    persistence: Persistence | None = None
    stretch: Stretch | None = None
    # What, in the hours around a complaint, shows that a lasting fault the whole data found is still
    # there (a flap of the link, handovers failing towards most neighbours): the whole data's finding
    # counts for a complaint whose window shows it, though the window alone holds too little to judge
    # the condition (diagnosis.diagnose.with_lasting_findings_at).
    shows: str | None = None
    score: str = "1"
    severity: Severity
    generic: bool = False  # a catch-all cause: ranked below any specific cause in the same scope
    # Causes that, found on the same cell, explain this finding away (high drop rate beside a faulty TRX);
    # a finding judged since its symptom's step is explained only by a cause that held before the step
    # (rules/explained.py).
    explained_by: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(min_length=1)
    title: Text
    remedy: Text | None = None  # default: the cause's remedy in causes.yaml
    description: Text | None = None
    source: str | None = None  # where in the field notes this knowledge comes from
    tests: list[RuleTest] = Field(default_factory=list)
