"""Statistics over replications: means with 95 % intervals, differences and effect sizes.

scipy is imported at the first interval: the report checks its options without waiting for it.
"""

import math

import numpy as np


def mean_ci(x, level: float = 0.95, bounds=None) -> tuple[float, float, float, int]:
    """Mean, lower and upper bound of its t-interval, and n (nan bounds below two values).

    With `bounds` (the range the quantity can take, e.g. (0, 1) for a share) the interval is
    cut to it: the mean lies in that range, so the cut interval covers it exactly as often
    as the t-interval does, and shows no impossible value.

    >>> [round(v, 3) for v in mean_ci([0.99, 1.0], bounds=(0, 1))[:3]]
    [0.995, 0.931, 1.0]
    """
    x = np.asarray([v for v in x if v is not None and not _nan(v)], float)
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    m = float(x.mean())
    if n < 2:
        return m, math.nan, math.nan, n
    from scipy import stats

    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    lo, hi = _within(m - half, m + half, bounds)
    return m, lo, hi, n


def _within(lo: float, hi: float, bounds) -> tuple[float, float]:
    """An interval cut to the range a quantity can take (none: as it is)."""
    if bounds is None:
        return lo, hi
    return float(max(lo, bounds[0])), float(min(hi, bounds[1]))


def _nan(v) -> bool:
    return isinstance(v, float) and math.isnan(v)


def diff_ci(a, b, paired: bool = False, level: float = 0.95, bounds=None) -> dict:
    """Difference of means a - b with a 95 % interval (paired by position, or Welch) and
    Cohen's d (the difference over the pooled, or for paired data the differences', sd).
    With `bounds` (the range a and b can take) the interval is cut to the range their
    difference can take (`mean_ci`).

    >>> r = diff_ci([0.99, 1.0, 0.98], [0.1, 0.2, 0.12], paired=True, bounds=(0, 1))
    >>> r["hi"] <= 1.0
    True
    """
    from scipy import stats

    a, b = np.asarray(a, float), np.asarray(b, float)
    spread = None if bounds is None else (bounds[0] - bounds[1], bounds[1] - bounds[0])
    if paired:
        keep = ~(np.isnan(a) | np.isnan(b))
        d = a[keep] - b[keep]
        m, lo, hi, n = mean_ci(d, level, spread)
        sd = d.std(ddof=1) if n > 1 else math.nan
        effect = m / sd if sd and sd > 0 else (0.0 if m == 0 else math.nan)
        p = float(stats.ttest_1samp(d, 0).pvalue) if n > 1 and sd > 0 else math.nan
        return {"diff": m, "lo": lo, "hi": hi, "d": effect, "p": p, "n": n}
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        m = float(a.mean() - b.mean()) if na and nb else math.nan
        return {
            "diff": m,
            "lo": math.nan,
            "hi": math.nan,
            "d": math.nan,
            "p": math.nan,
            "n": min(na, nb),
        }
    va, vb = a.var(ddof=1), b.var(ddof=1)
    m = float(a.mean() - b.mean())
    se = math.sqrt(va / na + vb / nb)
    if se > 0:
        df = se**4 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
        half = float(stats.t.ppf(0.5 + level / 2, df) * se)
        p = float(stats.ttest_ind(a, b, equal_var=False).pvalue)
    else:
        half, p = 0.0, math.nan
    pooled = math.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2))
    effect = m / pooled if pooled > 0 else (0.0 if m == 0 else math.nan)
    lo, hi = _within(m - half, m + half, spread)
    return {"diff": m, "lo": lo, "hi": hi, "d": effect, "p": p, "n": min(na, nb)}


def verdict(lo: float, hi: float, direction: int) -> str:
    """'holds' if the interval lies on the claimed side of 0 (direction +1 or -1), 'fails' if
    it lies on the other side, 'unclear' if it contains 0 (or is undefined)."""
    if math.isnan(lo) or math.isnan(hi):
        return "unclear"
    if direction * lo > 0 and direction * hi > 0:
        return "holds"
    if direction * lo < 0 and direction * hi < 0:
        return "fails"
    return "unclear"


def fmt(value: float, digits: int = 3) -> str:
    """A number for a table: thousands separators for large values, `digits` significant else."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def fmt_ci(m: float, lo: float, hi: float) -> str:
    return f"{fmt(m)} [{fmt(lo)}, {fmt(hi)}]"
