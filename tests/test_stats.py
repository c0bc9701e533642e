"""Intervals a reader sees respect the range of what they measure (issue 15)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.output.bounds import SUMMARY_BOUNDS
from sim.report.stats import diff_ci, fmt_ci, mean_ci, p_from_interval

shares = st.lists(st.floats(0, 1), min_size=2, max_size=8)


@settings(max_examples=200, deadline=None)
@given(shares)
def test_an_interval_of_a_share_stays_within_0_and_1_and_holds_the_mean(x):
    m, lo, hi, n = mean_ci(x, bounds=(0, 1))
    assert 0.0 <= lo <= m + 1e-12 and m - 1e-12 <= hi <= 1.0
    plain = mean_ci(x)
    assert lo == pytest.approx(max(plain[1], 0.0)) and hi == pytest.approx(min(plain[2], 1.0))


@settings(max_examples=200, deadline=None)
@given(shares, shares)
def test_a_difference_of_shares_stays_within_minus_1_and_1(a, b):
    n = min(len(a), len(b))
    for paired in (True, False):
        r = diff_ci(a[:n], b[:n], paired=paired, bounds=(0, 1))
        if not math.isnan(r["lo"]):
            assert -1.0 <= r["lo"] <= r["hi"] <= 1.0


def test_the_issues_example_no_longer_shows_a_share_above_1():
    """Two runs with a coordination share of 0.99 and 1.0 printed 0.995 [0.984, 1.01]."""
    m, lo, hi, _ = mean_ci([0.9895, 1.0], bounds=SUMMARY_BOUNDS["coordination_hours_share"])
    assert hi == 1.0 and lo < m
    assert mean_ci([0.5, 1.6], bounds=SUMMARY_BOUNDS["mkba_bcr"])[1] == 0.0  # not -7.0


def test_every_bounded_column_is_in_the_summary_and_within_its_range():
    summary = sim.run(["population.n_actors=600", "run.years=2"]).summary.row(0, named=True)
    for column, (low, high) in SUMMARY_BOUNDS.items():
        assert column in summary, column
        value = summary[column]
        assert value is None or low <= value <= high, (column, value)
    assert np.isfinite(list(v for v in summary.values() if isinstance(v, float))).all()


def test_holm_corrects_a_family_and_a_borderline_verdict_becomes_unclear():
    from experiments._common import verdict_row, with_holm

    rows = [
        verdict_row("a", "strong", 1.0, 0.8, 1.2, 10, "holds"),
        verdict_row("b", "borderline", 0.1, 0.001, 0.199, 10, "holds"),
        verdict_row("b", "both", math.nan, math.nan, math.nan, 10, "holds"),
        verdict_row("c", "against", -0.1, -0.199, -0.001, 10, "fails"),
    ]
    out = with_holm(rows)
    assert [r["verdict"] for r in out] == ["holds", "holds", "holds", "fails"]
    assert [r["verdict_holm"] for r in out] == ["holds", "unclear", "unclear", "unclear"]
    assert out[1]["p"] < 0.05 < out[1]["p_holm"]
    assert math.isnan(out[2]["p_holm"])


def test_p_from_a_paired_interval_is_the_paired_t_test():
    from scipy import stats

    rng = np.random.default_rng(3)
    a, b = rng.normal(1, 1, 12), rng.normal(0.4, 1, 12)
    r = diff_ci(a, b, paired=True)
    assert p_from_interval(r["diff"], r["lo"], r["hi"], r["n"]) == pytest.approx(
        stats.ttest_rel(a, b).pvalue, rel=1e-6
    )


def test_no_effect_size_or_interval_is_shown_for_fewer_than_five_runs():
    tiny = diff_ci([0.995, 0.996], [0.9951, 0.9960001], paired=True)
    assert math.isnan(tiny["d"])  # two runs gave d = -5,532
    assert not math.isnan(diff_ci(np.arange(6.0), np.zeros(6), paired=True)["d"])
    assert fmt_ci(0.995, 0.984, 1.0, 2) == "0.995 (n = 2, too few for an interval)"
    assert fmt_ci(0.5, 0.4, 0.6, 5) == "0.5 [0.4, 0.6]"


def test_an_equivalence_verdict_is_corrected_on_its_own_test_not_on_no_difference():
    from experiments._common import verdict_row, with_holm

    rows = [verdict_row("a", "trend within +-1 %", 0.001, -0.002, 0.004, 10, "holds", p=0.001)]
    out = with_holm(rows)
    assert out[0]["p"] == 0.001 and out[0]["verdict_holm"] == "holds"
