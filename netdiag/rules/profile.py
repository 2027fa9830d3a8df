"""Operator profiles: one YAML file that tunes the rule base for a network.

```yaml
rules:
  high_drop_cell: {parameters: {min_rate: 0.03}, severity: medium}
  paging_barred: {enabled: false}
rule_paths: [my_rules/]     # rule files or folders, relative to the profile file
```

A profile is found in this order: `--profile FILE`, the environment variable NETDIAG_PROFILE, then
`netdiag.yaml` in the data folder (which may also hold a `files:` map of file names to tables; the
profile ignores it). Every error reads `file:line: message`: an unknown key, rule id or parameter,
a parameter value of another type than its default, a rule path that does not exist.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import RuleError
from .loader import CompiledRule, RuleSet, default_rules_dir, load_rules
from ..yamlsource import read_yaml_file
from .model import Severity
from ..yamlsource import line_of

PROFILE_FILE = "netdiag.yaml"
PROFILE_ENV = "NETDIAG_PROFILE"
MAX_PROFILE_BYTES = 256 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSettings(_Strict):
    """What a profile changes in one rule."""

    enabled: bool = True
    severity: Severity | None = None
    parameters: dict[str, bool | int | float | str] = Field(default_factory=dict)


class ProfileFile(_Strict):
    """The keys of a profile file."""

    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    rule_paths: list[str] = Field(default_factory=list)
    # The data folder's reading settings (netdiag.yaml), read by netdiag.io.sources: not the profile's business.
    files: Any = None
    sheets: Any = None  # (netdiag.io.maps: workbook sheet -> table)
    columns: Any = None  # (netdiag.io.maps: table -> {their header: canonical column})
    alarm_dictionary: Any = None
    counters: Any = None  # the counter dictionary's extra entries (netdiag.io.folder.folder_dictionary)
    # Operator symptom lexicon file(s), relative to the profile: read by netdiag.diagnosis.symptoms.lexicon_files.
    symptom_lexicon: Any = None


@dataclass(frozen=True)
class Profile:
    path: Path
    rules: Mapping[str, RuleSettings]
    rule_paths: tuple[Path, ...]  # resolved against the profile's folder
    lines: Mapping[tuple, int] = dataclasses.field(default_factory=dict, repr=False)

    def where(self, *loc: object) -> str:
        """`file:line` of a place in the profile."""
        return f"{self.path}:{line_of(dict(self.lines), loc) or 1}"


def find_profile(explicit: Path | None, data_dir: Path | None) -> Path | None:
    """The profile that applies: --profile, else $NETDIAG_PROFILE, else netdiag.yaml in the data folder."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(PROFILE_ENV, "").strip()
    if from_env:
        return Path(from_env)
    if data_dir is not None and (data_dir / PROFILE_FILE).is_file():
        return data_dir / PROFILE_FILE
    return None


def load_profile(path: Path) -> Profile:
    name = str(path)
    data, lines = read_yaml_file(path, "profile", MAX_PROFILE_BYTES)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(f"{name}:1: a profile holds one mapping (rules, rule_paths)")
    try:
        spec = ProfileFile.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, name, lines) from None
    profile = Profile(path, dict(spec.rules), (), lines)
    folder = path.parent
    resolved = []
    for i, entry in enumerate(spec.rule_paths):
        target = Path(entry) if Path(entry).is_absolute() else folder / entry
        if not target.exists():
            raise RuleError(f"{profile.where('rule_paths', i)}: rule_paths: no such rule file or folder {str(target)!r}")
        resolved.append(target)
    return dataclasses.replace(profile, rule_paths=tuple(resolved))


def _validation_error(exc: ValidationError, name: str, lines: dict[tuple, int]) -> RuleError:
    # An unknown key is usually a misspelt one: report it first, where the fix is.
    errors = sorted(exc.errors(), key=lambda e: (e["type"] != "extra_forbidden", line_of(lines, e["loc"]) or 0))
    first = errors[0]
    loc = tuple(first["loc"])
    where = ".".join(str(p) for p in loc) or "profile"
    if first["type"] == "extra_forbidden":
        known = RuleSettings.model_fields if len(loc) == 3 and loc[0] == "rules" else ProfileFile.model_fields
        close = difflib.get_close_matches(str(loc[-1]), list(known), n=1)
        message = "unknown key" + (f"; did you mean {close[0]}?" if close else "")
    else:
        message = str(first["msg"])
    return RuleError(f"{name}:{line_of(lines, loc) or 1}: {where}: {message}")


def apply_profile(ruleset: RuleSet | Iterable[CompiledRule], profile: Profile) -> RuleSet:
    """A new rule set: the profile's extra rules added, settings applied, disabled rules left out."""
    rules = list(ruleset)
    if profile.rule_paths:
        known = {r.id: r for r in rules}
        for extra in load_rules(profile.rule_paths):
            if extra.id in known:
                raise RuleError(f"{extra.path}:1: rule id {extra.id!r} is already defined in {known[extra.id].path}")
            known[extra.id] = extra
            rules.append(extra)
    by_id = {r.id: r for r in rules}
    for rule_id, settings in profile.rules.items():
        rule = by_id.get(rule_id)
        if rule is None:
            close = difflib.get_close_matches(rule_id, list(by_id), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise RuleError(f"{profile.where('rules', rule_id)}: rules.{rule_id}: no rule has this id{hint}")
        by_id[rule_id] = _applied(rule, settings, profile)
    return RuleSet([by_id[r.id] for r in rules if profile.rules.get(r.id, RuleSettings()).enabled])


def _applied(rule: CompiledRule, settings: RuleSettings, profile: Profile) -> CompiledRule:
    declared = rule.rule.parameters
    for name, value in settings.parameters.items():
        where = f"{profile.where('rules', rule.id, 'parameters', name)}: rules.{rule.id}.parameters.{name}"
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise RuleError(f"{where}: not a parameter of rule {rule.id}{hint}")
        default = declared[name].default
        if _kind(value) != _kind(default):
            raise RuleError(f"{where}: {value!r} is {_kind(value)}; the parameter is {_kind(default)} (default {default!r})")
    if not settings.parameters and settings.severity is None:
        return rule
    spec = rule.rule if settings.severity is None else rule.rule.model_copy(update={"severity": settings.severity})
    return dataclasses.replace(rule, rule=spec, params={**rule.params, **settings.parameters})


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


def profiled_rules(paths: Sequence[Path] | None, profile_path: Path | None) -> RuleSet:
    """The rule base (paths, or the shipped one) with the profile at profile_path applied, if any."""
    ruleset = load_rules(list(paths) if paths else None)
    return apply_profile(ruleset, load_profile(profile_path)) if profile_path is not None else ruleset


def profile_at(explicit: Path | None) -> Profile | None:
    """The profile `rules` commands apply: --profile, else $NETDIAG_PROFILE (no data folder here)."""
    found = find_profile(explicit, None)
    return load_profile(found) if found is not None else None


def effective_rules(paths: Sequence[Path] | None, profile: Profile | None) -> RuleSet:
    """The rule base as triage runs it: the profile's extra rules, parameters and severities applied."""
    ruleset = load_rules(list(paths) if paths else None)
    return apply_profile(ruleset, profile) if profile is not None else ruleset


def rule_sources(paths: Sequence[Path] | None, profile: Profile | None) -> list[Path]:
    """Rule files as written (for check and test): the paths, plus the profile's rule folders."""
    return [*(paths or [default_rules_dir()]), *(profile.rule_paths if profile is not None else ())]
