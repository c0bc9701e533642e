"""Statistics over replications: means with 95 % intervals, differences and effect sizes.

scipy is imported at the first interval: the report checks its options without waiting for it.
"""

import contextlib
import contextvars
import math

import numpy as np

#: The locale numbers are written in (`numbers_in`): en_GB unless a report says otherwise.
_LOCALE = contextvars.ContextVar("locale", default="en_GB")


@contextlib.contextmanager
def numbers_in(locale: str):
    """Write the numbers of `fmt` and `fmt_ci` in `locale` (Babel) within the block.

    >>> with numbers_in("nl_NL"):
    ...     fmt(642738.2), fmt(0.158), fmt_ci(0.5, 0.25, 0.75)
    ('642.738', '0,158', '0,5 [0,25; 0,75]')
    """
    token = _LOCALE.set(locale)
    try:
        yield
    finally:
        _LOCALE.reset(token)


#: Fewest runs a group needs for an interval or an effect size to be shown as one: below it
#: the t multiplier alone is 2.8 or more and an sd of two or three runs says little.
MIN_RUNS = 5


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
        return {"diff": m, "lo": lo, "hi": hi, "d": _shown_d(effect, n), "p": p, "n": n}
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
    n = min(na, nb)
    return {"diff": m, "lo": lo, "hi": hi, "d": _shown_d(effect, n), "p": p, "n": n}


def _shown_d(effect: float, n: int) -> float:
    """Cohen's d where it means something: NaN below `MIN_RUNS` runs a group (two runs with
    almost equal values gave d = -5,532)."""
    return effect if n >= MIN_RUNS else math.nan


def p_from_interval(estimate: float, lo: float, hi: float, n: int, level: float = 0.95) -> float:
    """The two-sided p-value of "no difference" that a t-interval of n values implies:
    se = half-width / t(n - 1), p = 2 (1 - T(|estimate| / se)). The wider half is the uncut
    one of an interval cut to its bounds. Exact for a one-sample or paired t-interval; for
    Welch's interval, whose degrees of freedom are at least n - 1, slightly conservative.

    >>> from scipy import stats
    >>> x = [0.3, 0.5, 0.4, 0.6, 0.2]
    >>> m, lo, hi, n = mean_ci(x)
    >>> bool(round(p_from_interval(m, lo, hi, n), 6) == round(stats.ttest_1samp(x, 0).pvalue, 6))
    True
    """
    if n < 2 or any(math.isnan(v) for v in (estimate, lo, hi)):
        return math.nan
    from scipy import stats

    half = max(hi - estimate, estimate - lo)
    if half <= 0:
        return 0.0 if estimate != 0 else 1.0
    se = half / float(stats.t.ppf(0.5 + level / 2, n - 1))
    return float(2 * stats.t.sf(abs(estimate) / se, n - 1))


def tost(x, margin: float) -> float:
    """p-value of the two one-sided tests (TOST) that the mean of x lies within +-margin:
    below 0.05, "no effect larger than the margin" is shown, not merely not rejected.

    >>> tost([0.01, -0.02, 0.0, 0.015, -0.005], margin=0.1) < 0.05
    True
    >>> tost([0.01, -0.02, 0.0, 0.015, -0.005], margin=0.001) < 0.05
    False
    """
    from scipy import stats

    x = np.asarray(x, float)
    lower = stats.ttest_1samp(x, -margin, alternative="greater").pvalue
    upper = stats.ttest_1samp(x, margin, alternative="less").pvalue
    return float(max(lower, upper))


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values (statsmodels); NaN stay NaN.

    >>> holm([0.01, 0.04, 0.03, float("nan")]).round(2).tolist()
    [0.03, 0.06, 0.06, nan]
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p_values, float)
    out = np.full(len(p), math.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = multipletests(p[ok], method="holm")[1]
    return out


def corrected(verdict_: str, p_holm: float, alpha: float = 0.05) -> str:
    """A verdict as it stands after the correction: 'holds', 'fails' (or a winner's name)
    stays only when its Holm-adjusted p is below `alpha`, else it becomes 'unclear'."""
    if verdict_ != "unclear" and not p_holm < alpha:
        return "unclear"
    return verdict_


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
    """A number for a table: thousands separators for large values, at most `digits`
    significant ones else, never in scientific notation.

    >>> fmt(1.01e-05), fmt(2.5), fmt(0.0), fmt(0.09999999999999998), fmt(1234567.8)
    ('0.0000101', '2.5', '0', '0.1', '1,234,568')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    from babel.numbers import format_decimal

    locale = _LOCALE.get()
    if abs(value) >= 1000:
        return format_decimal(round(value), format="#,##0", locale=locale)
    if value == 0:
        return "0"
    rounded = float(f"{value:.{digits}g}")  # Babel shows 0.09999999999999998 as 0,01
    return format_decimal(rounded, format="@" + "#" * (digits - 1), locale=locale)


def euro(value: float) -> str:
    """An amount in whole euros for prose, the minus before the sign.

    >>> euro(-1234567.4), euro(58.7)
    ('−€1,234,567', '€59')
    >>> with numbers_in("nl_NL"):
    ...     euro(-1234567.4)
    '−€ 1.234.567'
    """
    if value is None or math.isnan(value):
        return "–"
    from babel.numbers import format_decimal

    locale = _LOCALE.get()
    amount = format_decimal(round(abs(value)), format="#,##0", locale=locale)
    sign = "−" if round(value) < 0 else ""
    return f"{sign}€{'' if locale.startswith('en') else ' '}{amount}"


def percent(value: float, locale: str | None = None) -> str:
    """A rate as a percentage in `locale` (the block's, `numbers_in`, when not given).

    >>> percent(0.0225), percent(0.04, "nl_NL")
    ('2.25%', '4%')
    """
    from babel.numbers import format_percent

    return format_percent(value, "#,##0.##%", locale=locale or _LOCALE.get())


def fmt_ci(m: float, lo: float, hi: float, n: int | None = None) -> str:
    """Mean and interval for a table; with fewer than `MIN_RUNS` runs, the mean and n only.

    >>> fmt_ci(0.5, 0.4, 0.6, 3)
    '0.5 (n = 3, too few for an interval)'
    """
    if n is not None and n < MIN_RUNS:
        few = (
            "too few for an interval"
            if _LOCALE.get().startswith("en")
            else "te weinig voor een interval"
        )
        return f"{fmt(m)} (n = {n}, {few})"
    between = ", " if _LOCALE.get().startswith("en") else "; "  # a decimal comma: a semicolon
    return f"{fmt(m)} [{fmt(lo)}{between}{fmt(hi)}]"
