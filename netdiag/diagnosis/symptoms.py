"""Free-text complaint symptoms: "经常掉话", "they can't hear me" -> a symptom id of causes.yaml.

A symptom lexicon (netdiag/data/symptom_lexicon.yaml, plus operator files in the same format) lists,
for each symptom id, the phrases subscribers and agents write, in Chinese and English:

```yaml
symptoms:
  call_drop:
    zh: [掉话, 说着说着就断了, 通话*断了]
    en: [dropped call, calls keep dropping]
  no_coverage:
    zh: [没信号]
    en: [no signal]
    deny:                       # phrases saying the symptom is absent: they vote for nothing
      zh: [信号很好]
      en: [signal is fine]
negation:                       # words that, just before a phrase, deny it ("没有掉话", "no dropped calls")
  zh: [没有, 不是]
  en: ["no", never]             # quote what YAML reads as true/false: "no", "yes", "on", "off"
```

Every key is optional in an operator file, which only adds phrases. A `*` inside a phrase stands for
up to eight characters (Chinese) or words (English) within one clause, none of them a negation or a
conjunction ("上网*慢" matches 上网速度特别慢, not 上网不慢). A phrase listed under two symptoms is
ambiguous on purpose and asks, unless another phrase of the text settles it.

Text and phrases are compared after the same normalisation: Unicode NFKC, case folding, apostrophes
dropped (can't = cant), hyphens, slashes and underscores read as spaces, spaces ignored between
Chinese characters, other punctuation read as a clause break, English contractions spelt one way
(cannot, can not, unable to -> cant; does not -> doesnt; ...) and a final plural s ignored. English
phrases only match whole words ("wap" is not in "swap"). Where phrases overlap the longest wins, so
a phrase inside a longer one of another symptom does not count ("对方听不到我说话" is one_way_audio),
and a negation word just before a phrase turns it into a longer hit that votes for nothing.

The symptom ids themselves and the zh/en labels of causes.yaml match directly.

Use: `lexicon_for(profile_path, extra_files).resolve(text, lang)` -> symptom id, or SymptomQuestion
(a UsageError) whose one-line message, in lang, lists the choices.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..catalogue import LANGS, load_catalogue
from ..errors import RuleError, UsageError
from ..rules.profile import MAX_PROFILE_BYTES
from ..yamlsource import read_yaml_file
from ..yamlsource import YamlError, line_of, load_yaml

LEXICON_FILE = "symptom_lexicon.yaml"
PROFILE_KEY = "symptom_lexicon"
MAX_LEXICON_BYTES = 256 * 1024
MAX_GAP = 8  # characters or words a `*` may stand for

# A character of a space-separated script: English words are compared as whole words.
_W = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_WORD_RE = re.compile(f"[{_W}]")
_APOSTROPHES = frozenset("'’‘`´ʼ")
_JOINERS = frozenset("-‐‑‒_/\\+&~")
_CONTRACTIONS = {
    "cant": ("can not", "cannot", "unable to", "not able to", "could not", "couldnt"),
    "dont": ("do not",), "doesnt": ("does not",), "didnt": ("did not",), "isnt": ("is not",),
    "arent": ("are not",), "wasnt": ("was not",), "werent": ("were not",), "wont": ("will not",),
    "havent": ("have not",), "hasnt": ("has not",),
}
_CONTRACTION_RE = re.compile(
    rf"(?<![{_W}])({'|'.join(v for vs in _CONTRACTIONS.values() for v in vs)})(?![{_W}])"
)
_CONTRACTED = {v: k for k, vs in _CONTRACTIONS.items() for v in vs}
# Words a `*` may not stretch over: they join two statements ("信号很好但是通话质量差").
_CONJUNCTIONS_ZH = ("但", "和", "及", "跟", "还有", "而且", "并且", "然后", "可是", "以及", "同时", "另外", "不过")
_CONJUNCTIONS_EN = ("but", "and", "although", "though", "however", "while", "whereas", "also")
# A negation word followed by these is an adverb, not a negation ("不断掉线" keeps dropping).
_NOT_NEGATIONS = ("不断", "不停", "不时", "不住", "没完没了", "无时无刻")


@lru_cache(maxsize=16384)  # each phrase is normalised when read and again when indexed
def normalise(text: str) -> str:
    """Text as the lexicon compares it; "|" marks a clause break (see the module docstring)."""
    chars = []
    for ch in unicodedata.normalize("NFKC", text).casefold():
        if ch in _APOSTROPHES:
            continue
        if ch in _JOINERS or (ch.isspace() and ch not in "\n\r\v\f\u2028\u2029"):
            chars.append(" ")
        elif unicodedata.category(ch)[0] in "LNM":
            chars.append(ch)
        else:
            chars.append("|")
    out = re.sub(r" *\|[ |]*", "|", re.sub(r" +", " ", "".join(chars))).strip(" |")
    out = _CONTRACTION_RE.sub(lambda m: _CONTRACTED[m.group(1)], out)
    out = re.sub(rf"[{_W}]+", lambda m: _singular(m.group()), out)
    return re.sub(rf"(?<![{_W}]) | (?![{_W}])", "", out)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Hit:
    """One phrase found in a text; symptoms is empty for a denial or a negated phrase."""

    start: int  # start and end index the normalised text (normalise(text))
    end: int
    phrase: str  # as written in the lexicon (with the negation word, if any, in front)
    symptoms: frozenset[str]
    negated: bool = False


@dataclass(frozen=True)
class _Entry:
    key: tuple[str, ...]  # the normalised parts between `*`
    written: str
    symptoms: frozenset[str]

    @property
    def weight(self) -> tuple[int, int]:
        """Longest first, each `*` counting one character less; then a phrase without `*` first."""
        gaps = len(self.key) - 1
        return sum(len(p) for p in self.key) - gaps, -gaps

    def spans(self, norm: str, gap: re.Pattern):
        """(start, end) of each place the phrase is in norm; a `*` takes the shortest gap that fits."""
        first, *rest = self.key
        for start, end in _literal_spans(first, norm, 0):
            for part in rest:
                end = next((e for s, e in _literal_spans(part, norm, end) if gap.fullmatch(norm, end, s)), -1)
                if end < 0:
                    break
            else:
                yield start, end


def _literal_spans(part: str, norm: str, start: int):
    """Where part is in norm from start on, English words whole."""
    word_start, word_end = _WORD_RE.match(part) is not None, _WORD_RE.match(part[-1]) is not None
    at = norm.find(part, start)
    while at >= 0:
        end = at + len(part)
        if not (word_start and at > 0 and _WORD_RE.match(norm[at - 1])) and not (
            word_end and end < len(norm) and _WORD_RE.match(norm[end])
        ):
            yield at, end
        at = norm.find(part, at + 1)


class SymptomQuestion(UsageError):
    """Text that names no symptom, or several: the message asks which one, listing `choices`."""

    def __init__(self, text: str, choices: Sequence[str], message: str) -> None:
        super().__init__(message)
        self.text = text
        self.choices = list(choices)


@dataclass(frozen=True)
class _Phrase:
    symptom: str
    lang: str
    text: str
    deny: bool


@dataclass(frozen=True)
class _LexiconFile:
    phrases: tuple[_Phrase, ...]
    negation: tuple[str, ...]


class Lexicon:
    """The phrases of the shipped lexicon and the operator's files, ready to match text."""

    def __init__(self, labels: Mapping[str, Mapping[str, str]], files: Sequence[_LexiconFile]) -> None:
        self.labels = {s: dict(v) for s, v in labels.items()}
        self._phrases = [p for f in files for p in f.phrases]
        cues = {normalise(c): c for f in files for c in f.negation}
        self._cues = sorted(cues, key=len, reverse=True)
        self._exact = {normalise(t): s for s, texts in self.labels.items() for t in (s, *texts.values())}
        self._gap = re.compile(_gap_pattern(self._cues))
        symptoms_of: dict[tuple[str, ...], set[str]] = {}
        written: dict[tuple[str, ...], str] = {}
        for phrase in [*self._phrases, *(_Phrase(s, "en", s, False) for s in self.labels)]:
            key = tuple(normalise(part) for part in phrase.text.split("*"))
            symptoms_of.setdefault(key, set())
            written.setdefault(key, phrase.text)
            if not phrase.deny:
                symptoms_of[key].add(phrase.symptom)
        self._entries = [_Entry(key, written[key], frozenset(symptoms)) for key, symptoms in symptoms_of.items()]
        # Entries by the first two characters of their first part: a text only tries those it holds.
        self._by_start: dict[str, list[_Entry]] = {}
        for entry in self._entries:
            self._by_start.setdefault(entry.key[0][:2], []).append(entry)
        self._close = {"".join(e.key): sorted(e.symptoms) for e in self._entries if e.symptoms} | {
            k: [s] for k, s in self._exact.items()
        }

    def phrases(self, symptom: str, lang: str, deny: bool = False) -> list[str]:
        """The phrases (as written) listed for a symptom in one language."""
        return [p.text for p in self._phrases if p.symptom == symptom and p.lang == lang and p.deny == deny]

    def hits(self, text: str) -> list[Hit]:
        """The phrases that count in text, in text order, overlaps settled longest first."""
        norm = normalise(text)
        candidates: list[tuple[tuple[int, int], Hit]] = []
        prefixes = {norm[i : i + n] for n in (1, 2) for i in range(len(norm))}
        for entry in (e for prefix in prefixes for e in self._by_start.get(prefix, ())):
            for start, end in entry.spans(norm, self._gap):
                candidates.append((entry.weight, Hit(start, end, entry.written, entry.symptoms)))
                cue = self._cue_before(norm, start) if entry.symptoms else None
                if cue:
                    weight = (entry.weight[0] + len(cue), entry.weight[1])
                    cue_start = norm.rindex(cue, 0, start)
                    candidates.append((weight, Hit(cue_start, end, f"{cue} {entry.written}", frozenset(), True)))
        candidates.sort(key=lambda c: (-c[0][0], -c[0][1], c[1].start - c[1].end, c[1].start, c[1].phrase))
        taken: list[Hit] = []
        for _, hit in candidates:
            if all(hit.end <= t.start or hit.start >= t.end for t in taken):
                taken.append(hit)
        return sorted(taken, key=lambda h: h.start)

    def _cue_before(self, norm: str, start: int) -> str | None:
        before = norm[:start]
        if before.endswith(" "):
            before = before[:-1]
        for cue in self._cues:
            cue_start = len(before) - len(cue)
            if not before.endswith(cue) or norm.startswith(_NOT_NEGATIONS, cue_start):
                continue
            if _WORD_RE.match(cue) and cue_start > 0 and _WORD_RE.match(before[cue_start - 1]):
                continue
            return cue
        return None

    def matches(self, text: str) -> list[str]:
        """The symptom ids text names, in catalogue order (empty: none)."""
        norm = normalise(text)
        if norm in self._exact:
            return [self._exact[norm]]
        hits = [h.symptoms for h in self.hits(text) if h.symptoms]
        # A phrase of several symptoms ("没有网络") is settled by a phrase of one of them ("上不了网").
        definite = set().union(*(s for s in hits if len(s) == 1))
        votes: set[str] = set()
        for symptoms in hits:
            votes |= (symptoms & definite) or symptoms
        return [s for s in self.labels if s in votes]

    def resolve(self, text: str, lang: str = "en") -> str:
        """The one symptom id text names; SymptomQuestion (in lang) when it names none or several."""
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        found = self.matches(text)
        if len(found) == 1:
            return found[0]
        shown = _shown(text)
        if found:
            listed = self._listed(found, lang)
            ids = "|".join(found)
            message = (
                f"症状“{shown}”可能是: {listed}; 请用 --symptom {ids} 指明"
                if lang == "zh"
                else f"symptom \"{shown}\" could be: {listed}; say which with --symptom {ids}"
            )
            raise SymptomQuestion(text, found, message)
        choices = self._closest(text)
        listed = self._listed(choices, lang)
        typo = difflib.get_close_matches(text.strip().lower(), list(self.labels), n=1, cutoff=0.75)  # cal_drop
        if typo:
            meant = self._listed(typo, lang)
            message = (
                f"症状“{shown}”不对应任何已知症状; 是否要找 {meant}? 可选: {listed}"
                if lang == "zh"
                else f"symptom \"{shown}\" matches no known symptom; did you mean {meant}? Choices: {listed}"
            )
        else:
            message = (
                f"症状“{shown}”不对应任何已知症状; 请从中选择: {listed}"
                if lang == "zh"
                else f"symptom \"{shown}\" matches no known symptom; choose one of: {listed}"
            )
        raise SymptomQuestion(text, choices, message)

    def _listed(self, symptoms: Sequence[str], lang: str) -> str:
        if lang == "zh":
            return "、".join(f"{s}（{self.labels[s]['zh']}）" for s in symptoms)
        return ", ".join(f"{s} ({self.labels[s]['en']})" for s in symptoms)

    def _closest(self, text: str) -> list[str]:
        """Every symptom, those with a phrase close to the text (or one of its clauses) first."""
        close: list[str] = []
        norm = normalise(text)
        for part in dict.fromkeys([norm, *norm.split("|")]):
            for key in difflib.get_close_matches(part, list(self._close), n=5, cutoff=0.6):
                close.extend(self._close[key])
        return list(dict.fromkeys([*close, *self.labels]))


def _shown(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _gap_pattern(cues: Sequence[str]) -> str:
    """What a `*` stands for: up to MAX_GAP words or characters, no clause break, negation or conjunction."""
    words = [c for c in cues if re.fullmatch(f"[{_W}]+", c)] + list(_CONJUNCTIONS_EN)
    chars = "".join(sorted({c for c in cues if len(c) == 1 and not _WORD_RE.match(c)} | {"但", "和", "及", "跟"}))
    zh_joins = "|".join(c for c in _CONJUNCTIONS_ZH if len(c) > 1)
    word = rf"(?<![{_W}])(?!(?:{'|'.join(map(re.escape, words))})(?![{_W}]))[{_W}]+(?![{_W}])"
    char = rf"(?!{zh_joins})[^ |{_W}{re.escape(chars)}]"
    return rf"(?: ?(?:{word}|{char})){{0,{MAX_GAP}}}? ?"


# ---------------------------------------------------------------- reading lexicon files


def _read(data: object, lines: dict[tuple, int], name: str, symptoms: Mapping[str, object]) -> _LexiconFile:
    def fail(loc: tuple, message: str) -> RuleError:
        where = ".".join(str(p) for p in loc)
        return RuleError(f"{name}:{line_of(lines, loc) or 1}: {where + ': ' if where else ''}{message}")

    def mapping(value: object, loc: tuple, keys: Sequence[str], what: str = "key") -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise fail(loc, f"expected a mapping of {what}s ({', '.join(keys)})")
        for key in value:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f"did you mean {close[0]}?" if close else f"{what}s: {', '.join(keys)}"
                raise fail((*loc, key), f"unknown {what}; {hint}")
        return value

    def texts(value: object, loc: tuple, gaps: bool) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise fail(loc, "expected a list of phrases")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise fail((*loc, i), f"a phrase is text, not {item!r} (quote it)")
            parts = [normalise(p) for p in item.split("*")]
            if len(parts) > 1 and not gaps:
                problem = "a negation word has no *"
            elif item.strip().startswith("*") or item.strip().endswith("*"):
                problem = "a phrase neither starts nor ends with *"
            elif not all(parts):
                problem = "nothing to match once spaces and punctuation are ignored"
            elif any("|" in p for p in parts):
                problem = "a phrase holds no sentence punctuation (it would never match)"
            else:
                continue
            raise fail((*loc, i), f"{item!r}: {problem}")
        return value

    if data is not None and not isinstance(data, dict):
        raise fail((), "a symptom lexicon holds one mapping (symptoms, negation)")
    top = mapping(data, (), ["symptoms", "negation"])
    phrases: list[_Phrase] = []
    entries = mapping(top.get("symptoms"), ("symptoms",), list(symptoms), "symptom")
    for symptom, spec in entries.items():
        spec = mapping(spec, ("symptoms", symptom), [*LANGS, "deny"])
        deny = mapping(spec.get("deny"), ("symptoms", symptom, "deny"), LANGS)
        for lang in LANGS:
            listed = texts(spec.get(lang), ("symptoms", symptom, lang), True)
            denied = texts(deny.get(lang), ("symptoms", symptom, "deny", lang), True)
            phrases += [_Phrase(symptom, lang, t, False) for t in listed]
            phrases += [_Phrase(symptom, lang, t, True) for t in denied]
    negation = mapping(top.get("negation"), ("negation",), LANGS)
    cues = [c for lang in LANGS for c in texts(negation.get(lang), ("negation", lang), False)]
    return _LexiconFile(tuple(phrases), tuple(cues))


@lru_cache(maxsize=1)
def _shipped() -> _LexiconFile:
    source = resources.files("netdiag.data").joinpath(LEXICON_FILE)
    try:
        data, lines = load_yaml(source.read_text(encoding="utf-8"), str(source))
    except YamlError as exc:
        raise RuleError(str(exc)) from exc
    return _read(data, lines, str(source), load_catalogue().symptoms)


def read_lexicon_file(path: Path) -> _LexiconFile:
    """One operator lexicon file, validated; errors read `file:line: message`."""
    data, lines = read_yaml_file(path, "symptom lexicon", MAX_LEXICON_BYTES)
    return _read(data, lines, str(path), load_catalogue().symptoms)


@lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    return Lexicon(load_catalogue().symptoms, [_shipped()])


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The shipped lexicon with the phrases of the operator's files added."""
    if not extra:
        return _shipped_lexicon()
    return Lexicon(load_catalogue().symptoms, [_shipped(), *(read_lexicon_file(Path(p)) for p in extra)])


def lexicon_files(profile_path: Path) -> list[Path]:
    """The files of the profile's `symptom_lexicon:` key (one name or a list), relative to the profile."""
    data, lines = read_yaml_file(profile_path, "profile", MAX_PROFILE_BYTES)
    value = data.get(PROFILE_KEY) if isinstance(data, dict) else None
    if value is None:
        return []
    names = [value] if isinstance(value, str) else value
    where = f"{profile_path}:{line_of(lines, (PROFILE_KEY,)) or 1}: {PROFILE_KEY}"
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise RuleError(f"{where}: a lexicon file name or a list of them")
    files = []
    for i, name in enumerate(names):
        target = Path(name) if Path(name).is_absolute() else profile_path.parent / name
        if not target.is_file():
            line = line_of(lines, (PROFILE_KEY, i)) or line_of(lines, (PROFILE_KEY,)) or 1
            raise RuleError(f"{profile_path}:{line}: {PROFILE_KEY}: no such lexicon file {str(target)!r}")
        files.append(target)
    return files


def lexicon_for(profile_path: Path | None, extra: Sequence[Path] = ()) -> Lexicon:
    """The lexicon a request uses: shipped, plus the profile's `symptom_lexicon:` files, plus extra (--lexicon)."""
    files = lexicon_files(profile_path) if profile_path is not None else []
    return load_lexicon([*files, *extra])


def resolve_symptom(text: str, lang: str = "en", lexicon: Lexicon | None = None) -> str:
    """The symptom id text names (an id, a label or free text); SymptomQuestion when unclear."""
    return (lexicon or load_lexicon()).resolve(text, lang)
