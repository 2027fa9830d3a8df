"""Rule conditions and scores: a small, safe expression language compiled to numpy operations.

The text is Python syntax, parsed with `ast.parse(mode="eval")` and translated node by node into
closures over numpy arrays; nothing is ever handed to eval/exec/compile or DataFrame.eval/query, and
only the constructs below are accepted (anything else is an ExprError naming it and its column).

* names: a column of the frame (an array) or a rule parameter (a scalar, broadcast); `_names` are refused
* constants: numbers, text, True/False, None (missing); a tuple/list of constants only after `in` / `not in`
* `and` `or` `not`: elementwise; a missing value counts as false (`not missing` is therefore true)
* `< <= > >= == !=`, chained (`0 < x <= 5`): false wherever a side is missing, `!=` included;
  text compares as text; ordering text against a number is an error (refused when compiled where
  both sides' kinds are known: constants, parameters by their default, results of operators)
* `+ - * / // % **`, unary `-` `+`: float64; dividing by zero (or 0 ** negative) gives missing, not inf
* `a if cond else b`; calls of the FUNCTIONS below, positional arguments only
* bounds: MAX_LENGTH characters, MAX_DEPTH levels, `round` to at most MAX_DIGITS decimals either way

Results are Series on the frame's index: bool for comparisons and boolean operators (never NA),
float64 for arithmetic, object for text. Integer, nullable (Int64, Float64, boolean) and numeric
object columns are read as float64 with NaN for missing; text columns as objects with None.
"""

from __future__ import annotations

import ast
import difflib
import functools
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from numbers import Real

import numpy as np
import pandas as pd

MAX_LENGTH = 2000
MAX_DEPTH = 50
MAX_DIGITS = 15  # float64 holds 15-17 significant digits: rounding beyond them changes nothing

FUNCTIONS: dict[str, str] = {
    "abs": "abs(x): absolute value",
    "min": "min(a, b, ...): elementwise smallest, ignoring missing values",
    "max": "max(a, b, ...): elementwise largest, ignoring missing values",
    "clip": "clip(x, lo, hi): x limited to lo..hi (a missing bound is no bound; missing x stays missing)",
    "coalesce": "coalesce(a, b, ...): the first value that is not missing",
    "isnull": "isnull(x): true where x is missing",
    "notnull": "notnull(x): true where x is present",
    "log10": "log10(x): base-10 logarithm; log10(0) is -inf, a negative x gives missing",
    "sqrt": "sqrt(x): square root; a negative x gives missing",
    "round": f"round(x, n=0): x rounded to n decimals (n a whole-number constant within ±{MAX_DIGITS}; halves go to even)",
    "between": "between(x, lo, hi): lo <= x <= hi, bounds included; false where any is missing",
    "binom_above": "binom_above(k, n, rate): P(at least k events in n trials | the rate): small = k in n is "
                   "significantly above that rate (missing where n or rate is not positive)",
}
_ARITY = {"abs": (1, 1), "min": (2, None), "max": (2, None), "clip": (3, 3), "coalesce": (2, None),
          "isnull": (1, 1), "notnull": (1, 1), "log10": (1, 1), "sqrt": (1, 1), "round": (1, 2),
          "between": (3, 3), "binom_above": (3, 3)}

_ONLY_AFTER_IN = "a tuple or list is allowed only after 'in' / 'not in'"
_REFUSED = {
    ast.Attribute: "attribute access (x.y) is not allowed", ast.Subscript: "subscripts (x[...]) are not allowed",
    ast.Slice: "slices are not allowed", ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed", ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed", ast.GeneratorExp: "generator expressions are not allowed",
    ast.JoinedStr: "f-strings are not allowed", ast.FormattedValue: "f-strings are not allowed",
    ast.Starred: "starred arguments (*x) are not allowed", ast.NamedExpr: "assignment expressions (:=) are not allowed",
    ast.Set: "set displays are not allowed", ast.Dict: "dict displays are not allowed",
    ast.Await: "await is not allowed", ast.Yield: "yield is not allowed", ast.YieldFrom: "yield is not allowed",
    ast.Tuple: _ONLY_AFTER_IN, ast.List: _ONLY_AFTER_IN,
}
_BINARY = {ast.Add: ("+", np.add), ast.Sub: ("-", np.subtract), ast.Mult: ("*", np.multiply),
           ast.Div: ("/", np.true_divide), ast.FloorDiv: ("//", np.floor_divide),
           ast.Mod: ("%", np.mod), ast.Pow: ("**", np.power)}
_BITWISE = {ast.BitAnd: "'&' (use 'and')", ast.BitOr: "'|' (use 'or')", ast.BitXor: "'^'",
            ast.LShift: "'<<'", ast.RShift: "'>>'", ast.MatMult: "'@'"}
_COMPARE = {ast.Lt: ("<", operator.lt), ast.LtE: ("<=", operator.le), ast.Gt: (">", operator.gt),
            ast.GtE: (">=", operator.ge), ast.Eq: ("==", operator.eq), ast.NotEq: ("!=", operator.ne)}

Fn = Callable[["_Env"], np.ndarray]

# What the compiler knows of a value before any data is seen: a column may hold text or numbers.
NUMBER, TEXT, BOOL, ANY = "number", "text", "bool", "any"
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


class ExprError(ValueError):
    """An expression that cannot be compiled or evaluated; offset is the 0-based column, or None."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return self.message


def _error(message: str, offset: int | None) -> ExprError:
    return ExprError(message if offset is None else f"{message} (column {offset + 1})", offset)


@dataclass(frozen=True, eq=False)
class Expr:
    text: str
    columns: frozenset[str]
    params: frozenset[str]
    _fn: Fn = field(repr=False)

    def __call__(self, frame: pd.DataFrame, params: Mapping[str, object]) -> pd.Series:
        """The value for every row of frame, as a Series on frame.index."""
        with np.errstate(all="ignore"):
            values = self._fn(_Env(frame, params))
        return pd.Series(values, index=frame.index, dtype=values.dtype)

    def mask(self, frame: pd.DataFrame, params: Mapping[str, object]) -> pd.Series:
        """The value as a condition: a bool Series, false where the value is missing, zero or empty."""
        with np.errstate(all="ignore"):
            values = _truth(self._fn(_Env(frame, params)))
        return pd.Series(values, index=frame.index, dtype=bool)


class _Env:
    """One evaluation: the frame, the parameter values and the columns read so far."""

    def __init__(self, frame: pd.DataFrame, params: Mapping[str, object]) -> None:
        self.frame, self.params, self.n, self.cache = frame, params, len(frame), {}

    def column(self, name: str) -> np.ndarray:
        if name not in self.cache:
            if name not in self.frame.columns:
                raise ExprError(f"column {name!r} is not in the data")
            self.cache[name] = _column(self.frame[name])
        return self.cache[name]

    def param(self, name: str) -> np.ndarray:
        if name not in self.params:
            raise ExprError(f"parameter {name!r} has no value")
        return _broadcast(self.params[name], self.n, f"parameter {name!r}")


def _column(series: pd.Series) -> np.ndarray:
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return series.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(dtype) or isinstance(dtype, pd.BooleanDtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    values = series.to_numpy(dtype=object, na_value=None)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "boolean", "empty"):
        # numbers held as objects (a column the data left untyped): each one as float, missing as NaN
        return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return values


def _broadcast(value: object, n: int, what: str) -> np.ndarray:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return np.full(n, np.nan)
    if isinstance(value, (bool, np.bool_)):
        return np.full(n, bool(value))
    if isinstance(value, Real):
        try:
            return np.full(n, float(value))
        except OverflowError:
            raise ExprError(f"{what} is too large a number") from None
    if isinstance(value, str):
        return np.full(n, value, dtype=object)
    raise ExprError(f"{what} must be a number, text, true/false or missing, not {type(value).__name__}")


def _missing(a: np.ndarray) -> np.ndarray:
    if a.dtype == bool:
        return np.zeros(len(a), dtype=bool)
    return pd.isna(a) if a.dtype == object else np.isnan(a)


def _truth(a: np.ndarray) -> np.ndarray:
    if a.dtype == bool:
        return a
    if a.dtype == object:
        return a.astype(bool)  # each value's truth (None: false), as bool(v) gives it
    return (a != 0) & ~np.isnan(a)


def _as_object(a: np.ndarray) -> np.ndarray:
    if a.dtype == object:
        return a
    out = a.astype(object)
    if a.dtype != bool:
        out[np.isnan(a)] = None
    return out


def _number(a: np.ndarray, what: str, offset: int | None) -> np.ndarray:
    if a.dtype == object:
        raise _error(f"{what} needs numbers, not text", offset)
    return a.astype("float64", copy=False)


def _arith(symbol: str, ufunc, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = ufunc(a, b)
    if symbol in ("/", "//", "%"):
        out[b == 0] = np.nan
    elif symbol == "**":
        out[(a == 0) & (b < 0)] = np.nan
    return out


def _compare(symbol: str, op, a: np.ndarray, b: np.ndarray, offset: int | None) -> np.ndarray:
    if a.dtype != object and b.dtype != object:
        a, b = a.astype("float64", copy=False), b.astype("float64", copy=False)
        return op(a, b) & ~np.isnan(a) & ~np.isnan(b)
    keep = ~(_missing(a) | _missing(b))
    out = np.zeros(len(a), dtype=bool)
    if keep.any():
        try:
            out[keep] = np.asarray(op(_as_object(a)[keep], _as_object(b)[keep]), dtype=bool)
        except TypeError:
            raise _error(f"cannot compare text with a number using '{symbol}'", offset) from None
    return out


def _isin(a: np.ndarray, values: list, negate: bool) -> np.ndarray:
    if a.dtype == object:
        hit = pd.Series(a, dtype=object).isin(values).to_numpy(dtype=bool)
    else:
        hit = np.isin(a.astype("float64", copy=False), [float(v) for v in values if not isinstance(v, str)])
    return (~hit if negate else hit) & ~_missing(a)


def _where(cond: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype == bool and b.dtype == bool:
        return np.where(cond, a, b)
    if a.dtype != object and b.dtype != object:
        return np.where(cond, a.astype("float64"), b.astype("float64"))
    return np.where(cond, _as_object(a), _as_object(b))


def _coalesce(*xs: np.ndarray) -> np.ndarray:
    if any(x.dtype == object for x in xs):
        xs = tuple(_as_object(x) for x in xs)
    elif any(x.dtype != bool for x in xs):
        xs = tuple(x.astype("float64", copy=False) for x in xs)
    out = xs[0].copy()
    for x in xs[1:]:
        gap = _missing(out)
        out[gap] = x[gap]
    return out


def _clip(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    x = np.where(np.isnan(lo), x, np.maximum(x, lo))
    return np.where(np.isnan(hi), x, np.minimum(x, hi))


_NUMERIC = {"abs": np.abs, "min": lambda *xs: functools.reduce(np.fmin, xs),
            "max": lambda *xs: functools.reduce(np.fmax, xs), "clip": _clip,
            "log10": np.log10, "sqrt": np.sqrt, "binom_above": lambda k, n, rate: _binom_above(k, n, rate)}


def _binom_above(k: np.ndarray, n: np.ndarray, rate: np.ndarray) -> np.ndarray:
    from ..measures.stats import binomial_p  # scipy's special functions, only for rules that test counts

    return binomial_p(k, n, rate)


class _Compiler:
    """Turns an ast.expr into a closure `fn(env) -> ndarray`, one builder per node type."""

    def __init__(self, source: str, shift: int, columns: Collection[str], params: Collection[str]) -> None:
        self.source, self.shift = source, shift
        self.columns, self.params = set(columns), set(params)
        # A parameter's kind is its value's when params maps names to values (a profile keeps the type).
        self.param_kinds = {n: _kind_of(v) for n, v in params.items()} if isinstance(params, Mapping) else {}
        self.used_columns: set[str] = set()
        self.used_params: set[str] = set()
        self.builders = {ast.Constant: self.constant, ast.Name: self.name, ast.BoolOp: self.boolop,
                         ast.UnaryOp: self.unaryop, ast.BinOp: self.binop, ast.Compare: self.compare,
                         ast.IfExp: self.ifexp, ast.Call: self.call}

    def offset(self, node: ast.AST) -> int:
        """The 0-based character column of node (ast gives UTF-8 byte offsets)."""
        prefix = self.source.encode("utf-8")[: node.col_offset]
        return self.shift + len(prefix.decode("utf-8", errors="ignore"))

    def fail(self, node: ast.AST, message: str) -> ExprError:
        return _error(message, self.offset(node))

    def build(self, node: ast.AST) -> Fn:
        builder = self.builders.get(type(node))
        if builder is None:
            self._refuse(node, _REFUSED.get(type(node), f"{type(node).__name__} is not allowed"))
        return builder(node)

    def _refuse(self, node: ast.AST, message: str):
        segment = ast.get_source_segment(self.source, node) or ""
        shown = f": {segment[:40]!r}" if segment else ""
        raise self.fail(node, f"{message}{shown}")

    def literal(self, node: ast.AST) -> object:
        """A constant (or a signed number) as a Python value; refuses bytes, complex, Ellipsis."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.literal(node.operand)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self._refuse(node, "a sign only goes before a number")
            return -value if isinstance(node.op, ast.USub) else value
        if not isinstance(node, ast.Constant):
            self._refuse(node, "only constants are allowed here")
        value = node.value
        if value is not None and not isinstance(value, (bool, int, float, str)):
            self._refuse(node, f"{type(value).__name__} constants are not allowed")
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                float(value)
            except OverflowError:
                raise self.fail(node, "number too large") from None
        return value

    def kind(self, node: ast.AST) -> str:
        """NUMBER, TEXT, BOOL or ANY (a column, a missing value, a mix): what node gives, from the
        text alone."""
        if isinstance(node, ast.Constant):
            return _kind_of(node.value)
        if isinstance(node, ast.Name):
            return self.param_kinds.get(node.id, ANY)
        if isinstance(node, (ast.BoolOp, ast.Compare)) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            return BOOL
        if isinstance(node, (ast.UnaryOp, ast.BinOp)):
            return NUMBER
        if isinstance(node, ast.IfExp):
            body, orelse = self.kind(node.body), self.kind(node.orelse)
            return body if body == orelse else ANY
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("isnull", "notnull", "between"):
                return BOOL
            if node.func.id == "coalesce":
                kinds = {self.kind(a) for a in node.args}
                return kinds.pop() if len(kinds) == 1 else ANY
            return NUMBER
        return ANY

    def numeric(self, node: ast.AST, what: str) -> None:
        """Refuse text where numbers are needed, when the text says so already."""
        if self.kind(node) == TEXT:
            raise self.fail(node, f"{what} needs numbers, not text")

    def comparable(self, op: ast.cmpop, left: ast.AST, right: ast.AST, symbol: str) -> None:
        """Refuse ordering text against a number (or true/false), when both kinds are known."""
        kinds = {self.kind(left), self.kind(right)}
        if isinstance(op, _ORDERING) and TEXT in kinds and kinds & {NUMBER, BOOL}:
            raise self.fail(right, f"cannot compare text with a number using '{symbol}'")

    def constant(self, node: ast.Constant) -> Fn:
        value = self.literal(node)
        return lambda env: _broadcast(value, env.n, "constant")

    def name(self, node: ast.Name) -> Fn:
        name = node.id
        if name.startswith("_"):
            self._refuse(node, "names starting with '_' are not allowed")
        if name in self.params:
            self.used_params.add(name)
            return lambda env: env.param(name)
        if name in self.columns:
            self.used_columns.add(name)
            return lambda env: env.column(name)
        if name in FUNCTIONS:
            raise self.fail(node, f"{name!r} is a function; call it as {name}(...)")
        close = difflib.get_close_matches(name, sorted(self.columns | self.params), n=4, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}?" if close else "not a column or parameter of this rule"
        raise self.fail(node, f"unknown name {name!r}; {hint}")

    def boolop(self, node: ast.BoolOp) -> Fn:
        parts = [self.build(v) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return lambda env: functools.reduce(combine, (_truth(p(env)) for p in parts))

    def unaryop(self, node: ast.UnaryOp) -> Fn:
        operand, at = self.build(node.operand), self.offset(node)
        if isinstance(node.op, ast.Not):
            return lambda env: ~_truth(operand(env))
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            self.numeric(node.operand, "'-'" if isinstance(node.op, ast.USub) else "'+'")
        if isinstance(node.op, ast.USub):
            return lambda env: -_number(operand(env), "'-'", at)
        if isinstance(node.op, ast.UAdd):
            return lambda env: _number(operand(env), "'+'", at).copy()
        self._refuse(node, "'~' is not allowed (use 'not')")

    def binop(self, node: ast.BinOp) -> Fn:
        if type(node.op) in _BITWISE:
            self._refuse(node, f"operator {_BITWISE[type(node.op)]} is not allowed")
        symbol, ufunc = _BINARY[type(node.op)]
        left, right, at = self.build(node.left), self.build(node.right), self.offset(node)
        what = f"'{symbol}'"
        self.numeric(node.left, what)
        self.numeric(node.right, what)
        return lambda env: _arith(symbol, ufunc, _number(left(env), what, at), _number(right(env), what, at))

    def compare(self, node: ast.Compare) -> Fn:
        parts: list[Fn] = []
        left, left_node = self.build(node.left), node.left
        for op, right_node in zip(node.ops, node.comparators):
            if isinstance(op, (ast.Is, ast.IsNot)):
                self._refuse(node, "'is' / 'is not' are not allowed (use isnull(x) / notnull(x))")
            if isinstance(left_node, (ast.Tuple, ast.List)):
                self._refuse(left_node, _ONLY_AFTER_IN)
            if isinstance(op, (ast.In, ast.NotIn)):
                parts.append(self._membership(left, right_node, isinstance(op, ast.NotIn)))
                left, left_node = None, right_node
                continue
            for side in (left_node, right_node):
                if isinstance(side, ast.Constant) and side.value is None:
                    self._refuse(side, "comparing with None is always false; use isnull(x) / notnull(x)")
            right = self.build(right_node)
            self.comparable(op, left_node, right_node, _COMPARE[type(op)][0])
            parts.append(self._pair(_COMPARE[type(op)], left, right, self.offset(right_node)))
            left, left_node = right, right_node
        return lambda env: functools.reduce(np.logical_and, (p(env) for p in parts))

    @staticmethod
    def _pair(spec, left: Fn, right: Fn, at: int) -> Fn:
        symbol, op = spec
        return lambda env: _compare(symbol, op, left(env), right(env), at)

    def _membership(self, left: Fn, node: ast.AST, negate: bool) -> Fn:
        if not isinstance(node, (ast.Tuple, ast.List)):
            self._refuse(node, "'in' / 'not in' need a tuple or list of constants on the right")
        values = [self.literal(element) for element in node.elts]
        for element, value in zip(node.elts, values):
            if value is None:
                self._refuse(element, "None never matches in a list; use isnull(x)")
        return lambda env: _isin(left(env), values, negate)

    def ifexp(self, node: ast.IfExp) -> Fn:
        test, body, orelse = self.build(node.test), self.build(node.body), self.build(node.orelse)
        return lambda env: _where(_truth(test(env)), body(env), orelse(env))

    def call(self, node: ast.Call) -> Fn:
        if not isinstance(node.func, ast.Name):
            self.build(node.func)  # refuses attribute access, lambda, ... by name
            raise self.fail(node, f"only these functions can be called: {', '.join(FUNCTIONS)}")
        name = node.func.id
        if name not in FUNCTIONS:
            raise self.fail(node, f"function {name!r} is not allowed; functions: {', '.join(FUNCTIONS)}")
        if node.keywords:
            self._refuse(node.keywords[0], f"keyword arguments are not allowed in {name}()")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self._refuse(arg, _REFUSED[ast.Starred])
        low, high = _ARITY[name]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = f"at least {low}" if high is None else f"{low}" if low == high else f"{low} or {high}"
            raise self.fail(node, f"{name}() takes {wanted} arguments, not {count}")
        at, what = self.offset(node), f"{name}()"
        if name == "round":
            digits = self.literal(node.args[1]) if count == 2 else 0
            if isinstance(digits, bool) or not isinstance(digits, int):
                raise self.fail(node.args[1], "round(x, n): n must be a whole-number constant")
            if abs(digits) > MAX_DIGITS:
                raise self.fail(node.args[1], f"round(x, n): n must be within ±{MAX_DIGITS} (a float holds no more digits)")
            self.numeric(node.args[0], what)
            x = self.build(node.args[0])
            return lambda env: np.round(_number(x(env), what, at), digits)
        args = [self.build(a) for a in node.args]
        if name in _NUMERIC:
            for arg in node.args:
                self.numeric(arg, what)
            fn = _NUMERIC[name]
            return lambda env: fn(*(_number(a(env), what, at) for a in args))
        if name == "coalesce":
            return lambda env: _coalesce(*(a(env) for a in args))
        if name == "between":
            self.comparable(ast.GtE(), node.args[0], node.args[1], ">=")
            self.comparable(ast.LtE(), node.args[0], node.args[2], "<=")
            x, lo, hi = args
            ge, le = _COMPARE[ast.GtE], _COMPARE[ast.LtE]
            return lambda env: _compare(*ge, x(env), lo(env), at) & _compare(*le, x(env), hi(env), at)
        (x,) = args
        if name == "isnull":
            return lambda env: _missing(x(env))
        return lambda env: ~_missing(x(env))


def _kind_of(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return BOOL
    if isinstance(value, Real):
        return NUMBER
    return TEXT if isinstance(value, str) else ANY


def _check_depth(tree: ast.Expression, compiler: _Compiler) -> None:
    stack = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise compiler.fail(node, f"expression nested deeper than {MAX_DEPTH} levels")
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                stack.append((child, depth + 1))


def compile_expr(text: str, *, columns: Collection[str], params: Collection[str] | Mapping[str, object]) -> Expr:
    """Compile text into an Expr over the given column and parameter names (or raise ExprError).
    `params` may map each name to its (default) value: its kind is then checked as a constant's."""
    if not isinstance(text, str):
        raise ExprError(f"an expression is text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise ExprError("empty expression")
    clash = sorted(set(columns) & set(params))
    if clash:
        raise ExprError(f"{clash[0]!r} is both a column and a parameter")
    source = text.replace("\r", " ").replace("\n", " ")  # one line, same offsets
    stripped = source.lstrip()
    shift = len(source) - len(stripped)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        at = shift + (exc.offset - 1 if exc.offset else len(stripped))
        at = min(max(at, 0), len(text))
        raise _error(f"syntax error: {exc.msg}", at) from None
    except (RecursionError, MemoryError):
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:  # NUL characters (a SyntaxError from Python 3.12 on)
        raise ExprError("expression contains a NUL character") from None
    compiler = _Compiler(stripped, shift, columns, params)
    _check_depth(tree, compiler)
    fn = compiler.build(tree.body)
    return Expr(text, frozenset(compiler.used_columns), frozenset(compiler.used_params), fn)
