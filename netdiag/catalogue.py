"""The cause catalogue: stable cause ids, their symptoms and bilingual texts (causes.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .yamlsource import safe_load

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Cause:
    id: str
    symptoms: tuple[str, ...]
    detect: str  # data | advice | baseline
    text: dict[str, str]
    evidence: tuple[str, ...]
    check: str
    remedy: dict[str, str]
    scan: bool = True  # False: explains a complaint but is no finding on its own (scan and suspects leave it out)


@dataclass(frozen=True)
class Catalogue:
    symptoms: dict[str, dict[str, str]]
    causes: dict[str, Cause]

    def causes_for(self, symptom: str, detect: str | None = None) -> list[Cause]:
        return [
            c for c in self.causes.values() if symptom in c.symptoms and (detect is None or c.detect == detect)
        ]


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    text = resources.files("netdiag.data").joinpath("causes.yaml").read_text(encoding="utf-8")
    raw = safe_load(text)
    causes = {
        c["id"]: Cause(
            id=c["id"],
            symptoms=tuple(c["symptoms"]),
            detect=c["detect"],
            text={lang: c[lang] for lang in LANGS},
            evidence=tuple(c.get("evidence") or ()),
            check=c.get("check", ""),
            remedy=dict(c["remedy"]),
            scan=bool(c.get("scan", True)),
        )
        for c in raw["causes"]
    }
    return Catalogue(symptoms=dict(raw["symptoms"]), causes=causes)
