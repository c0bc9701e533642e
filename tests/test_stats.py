"""Intervals a reader sees respect the range of what they measure (issue 15)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.output.bounds import SUMMARY_BOUNDS
from sim.report.stats import diff_ci, mean_ci

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
