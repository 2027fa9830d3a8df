"""Rates, baselines and significance, vectorised over whole columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

try:  # the survival function scipy.stats.binom.sf calls, without importing scipy.stats (0.5 s)
    from scipy.special._ufuncs import _binom_sf
except ImportError:  # pragma: no cover - an older SciPy keeps it elsewhere
    _binom_sf = None
from scipy.special._ufuncs import gammainc, gammaincc  # (the same compiled module as _binom_sf)


def as_float(values) -> np.ndarray:
    """Any numeric column (nullable or not) as float64 with NaN for missing."""
    if isinstance(values, pd.Series):
        if values.dtype == np.float64:
            return values.to_numpy(copy=True)
        if isinstance(values.dtype, (pd.Int64Dtype, pd.Float64Dtype)) or values.dtype.kind in "iu":
            return values.to_numpy(dtype="float64", na_value=np.nan)  # (a new array, without Float64 between)
        return values.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    return np.asarray(values, dtype="float64")


def ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero or missing."""
    num, den = as_float(numerator), as_float(denominator)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def pooled_baseline(numerator, denominator, trim: float = 0.05) -> float:
    """The network's own rate: pooled over objects, leaving out the worst `trim` share.

    Pooling weights objects by their traffic; trimming keeps a few faulty cells from raising
    the very baseline they are judged against.
    """
    num, den = as_float(numerator), as_float(denominator)
    ok = (den > 0) & np.isfinite(num)
    if not ok.any():
        return float("nan")
    num, den = num[ok], den[ok]
    rates = num / den
    if len(rates) >= 20 and trim > 0:
        keep = rates <= np.quantile(rates, 1 - trim)
        num, den = num[keep], den[keep]
    elif len(rates) >= 3 and trim > 0:  # a few BSCs: leave out the single worst one
        keep = np.arange(len(rates)) != np.argmax(rates)
        num, den = num[keep], den[keep]
    total = den.sum()
    return float(num.sum() / total) if total > 0 else float("nan")


def binomial_p(events, trials, baseline) -> np.ndarray:
    """P(X >= events) for X ~ Binomial(trials, baseline): how surprising a count is for this object.

    Small samples get large p-values, so 3 drops in 10 calls do not outrank 300 in 10,000.
    `baseline` is the network's rate (a number) or a rate per object (e.g. its sibling TRXs').
    """
    k, n = as_float(events), as_float(trials)
    base = np.broadcast_to(np.asarray(baseline, dtype="float64"), k.shape)
    ok = (n > 0) & np.isfinite(k) & np.isfinite(base) & (base > 0)
    p = np.full(len(k), np.nan)
    if ok.any():
        kk = np.minimum(k[ok], n[ok])
        p[ok] = _at_least(kk, n[ok], np.minimum(base[ok], 1.0))
    return p


def _at_least(k: np.ndarray, n: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """P(X >= k) for X ~ Binomial(n, rate), 0 <= k <= n: scipy.stats.binom.sf(k - 1, n, rate)."""
    if _binom_sf is None:
        from scipy import stats

        return stats.binom.sf(k - 1, n, rate)
    out = np.ones(len(k))  # at least none: certain
    some = k >= 1
    out[some] = _binom_sf(k[some] - 1, n[some], rate[some])
    return np.where(n == np.floor(n), out, np.nan)  # binom.sf knows whole numbers of trials only


def poisson_p(events, expected) -> np.ndarray:
    """P(X >= events) for X ~ Poisson(expected): how surprising a count is against what was expected
    (more location updates than a cell's attempts lead one to expect, more set-ups than its share
    of the network's traffic). NaN where the expectation is missing or not positive."""
    k, mu = np.broadcast_arrays(as_float(events), as_float(expected))
    ok = np.isfinite(k) & np.isfinite(mu) & (mu > 0)
    p = np.full(k.shape, np.nan)
    kk = np.ceil(k[ok])
    p[ok] = np.where(kk <= 0, 1.0, gammainc(np.maximum(kk, 1.0), mu[ok]))
    return p


def poisson_low_p(events, expected) -> np.ndarray:
    """P(X <= events) for X ~ Poisson(expected): how surprising a shortfall is (no set-up at all in
    a stretch where the cell's traffic share leads one to expect fifty)."""
    k, mu = np.broadcast_arrays(as_float(events), as_float(expected))
    ok = np.isfinite(k) & np.isfinite(mu) & (mu > 0) & (k >= 0)
    p = np.full(k.shape, np.nan)
    p[ok] = gammaincc(np.floor(k[ok]) + 1.0, mu[ok])
    return p
