"""Determinism: the same overrides and seed give identical frames; other seeds do not."""

import random

import numpy as np
import pytest
from helpers import SMALL, STRATEGIES, make_model

import sim
from sim.api import collect
from sim.output.results import FRAMES


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_same_seed_same_frames(small_runs, strategy):
    # Disturb the global random generators: the model must not draw from them.
    random.seed(12345)
    np.random.seed(12345)  # noqa: NPY002
    again = sim.run([*SMALL, f"strategy={strategy}", "seed=1"])
    first = small_runs[strategy]
    for name in FRAMES:
        assert getattr(again, name).equals(getattr(first, name)), name


def test_different_seeds_different_summaries(small_runs):
    other = sim.run([*SMALL, "strategy=downscalen", "seed=2"])
    first = small_runs["downscalen"]
    assert not other.summary.drop("seed").equals(first.summary.drop("seed"))
    assert not other.timeseries.equals(first.timeseries)


def test_mesa_agents_do_not_change_the_dynamics():
    """Creating the Mesa agents and their Network space draws nothing the dynamics use."""
    overrides = [*SMALL, "run.years=2", "seed=5"]
    with_agents = collect(make_model(overrides, mesa_space=True).run())
    without = collect(make_model(overrides, mesa_space=False).run())
    for name in FRAMES:
        assert getattr(with_agents, name).equals(getattr(without, name)), name
