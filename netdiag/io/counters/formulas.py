"""Formulas of the counter dictionary: parsed by a small recursive-descent parser and evaluated over
arrays (never eval or exec): numbers, counter keys, + - * / and parentheses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np


MAX_FORMULA_CHARS = 2_000
MAX_FORMULA_TERMS = 200
MAX_FORMULA_DEPTH = 32

class FormulaError(ValueError):
    """A formula that cannot be parsed."""


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![A-Za-z_])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|`(?P<quoted>[^`]{1,200})`"
    r"|(?P<op>[-+*/()]))"
)


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its tree and the counter keys it reads (in order)."""

    text: str
    tree: tuple
    refs: tuple[str, ...]

    def evaluate(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            result = np.asarray(_evaluate(self.tree, values), dtype="float64")
        return np.where(np.isfinite(result), result, np.nan)


def parse_formula(text: str) -> Formula:
    """Parse `K3020 + K3010A - (K3021 + K3011A)`, `TFTRALACC / TFNSCAN`, `` `1278072498` * 2 ``."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("a formula is a non-empty string")
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"formula longer than {MAX_FORMULA_CHARS} characters")
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaError(f"unexpected {text[position:].strip()[:20]!r} in formula {text!r}")
        kind = match.lastgroup
        value = match.group(kind)
        tokens.append(("name" if kind == "quoted" else kind, value.strip() if kind == "quoted" else value))
        position = match.end()
    terms = sum(1 for kind, _ in tokens if kind in ("name", "num"))
    if terms > MAX_FORMULA_TERMS:
        raise FormulaError(f"formula with more than {MAX_FORMULA_TERMS} terms")
    parser = _Parser(tokens, text)
    tree = parser.expression(0)
    if parser.position != len(tokens):
        raise FormulaError(f"unexpected {tokens[parser.position][1]!r} in formula {text!r}")
    refs = tuple(dict.fromkeys(_refs(tree)))
    if not refs:
        raise FormulaError(f"formula {text!r} names no counter")
    return Formula(text.strip(), tree, refs)


class _Parser:
    """expression := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*;
    factor := NUMBER | NAME | '-' factor | '(' expression ')'."""

    def __init__(self, tokens: list[tuple[str, str]], text: str) -> None:
        self.tokens, self.text, self.position = tokens, text, 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise FormulaError(f"formula {self.text!r} ends too early")
        self.position += 1
        return token

    def expression(self, depth: int) -> tuple:
        node = self.term(depth)
        while (token := self._peek()) in (("op", "+"), ("op", "-")):
            self.position += 1
            node = (token[1], node, self.term(depth))
        return node

    def term(self, depth: int) -> tuple:
        node = self.factor(depth)
        while (token := self._peek()) in (("op", "*"), ("op", "/")):
            self.position += 1
            node = (token[1], node, self.factor(depth))
        return node

    def factor(self, depth: int) -> tuple:
        if depth > MAX_FORMULA_DEPTH:
            raise FormulaError(f"formula nested deeper than {MAX_FORMULA_DEPTH}")
        kind, value = self._take()
        if kind == "num":
            return ("num", float(value))
        if kind == "name":
            return ("ref", value)
        if (kind, value) == ("op", "-"):
            return ("neg", self.factor(depth + 1))
        if (kind, value) == ("op", "("):
            node = self.expression(depth + 1)
            if self._take() != ("op", ")"):
                raise FormulaError(f"missing ')' in formula {self.text!r}")
            return node
        raise FormulaError(f"unexpected {value!r} in formula {self.text!r}")


def _refs(tree: tuple) -> Iterable[str]:
    kind = tree[0]
    if kind == "ref":
        yield tree[1]
    elif kind == "neg":
        yield from _refs(tree[1])
    elif kind != "num":
        yield from _refs(tree[1])
        yield from _refs(tree[2])


def _evaluate(tree: tuple, values: Mapping[str, np.ndarray]):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "ref":
        return values[tree[1]]
    if kind == "neg":
        return -_evaluate(tree[1], values)
    left, right = _evaluate(tree[1], values), _evaluate(tree[2], values)
    if kind == "+":
        return np.add(left, right)
    if kind == "-":
        return np.subtract(left, right)
    if kind == "*":
        return np.multiply(left, right)
    return np.divide(left, right)
