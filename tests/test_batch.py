"""A batch of runs stepped as one World gives each run exactly the results it gives alone
(sim.batch, sim.streams; issue 14)."""

import numpy as np
import pytest

import sim
from sim.api import compose_config, simulate, to_config
from sim.batch import Batch, plan, run_batch
from sim.config import Config
from sim.errors import ConfigError, InvariantError
from sim.output.results import FRAMES
from sim.streams import Streams

SMALL = ["population.n_actors=600", "environment.n_buurten=2", "run.years=2"]
#: Every draw and market the week has: turnover, open invitation, any scale, the
#: kenniskring, outsourcing and a social-enterprise tender.
BUSY = [
    "population.turnover_year=0.3",
    "strategy.invitation=open",
    "strategy.case_scale=any",
    "environment.kenniskring=true",
    "chains.outsourced_share=0.8",
    "procurement.route=social_enterprise",
]


def config(*overrides: str) -> Config:
    return to_config(compose_config([*SMALL, *overrides]))


def assert_same(batched, alone) -> None:
    for name in FRAMES:
        assert getattr(batched, name).equals(getattr(alone, name)), name
    assert batched.provenance == alone.provenance


@pytest.mark.parametrize("size", [1, 2, 5])
def test_each_run_of_a_batch_gives_exactly_its_results_alone(size):
    configs = [config(*BUSY, f"seed={seed}") for seed in range(10, 10 + size)]
    for batched, cfg in zip(run_batch(configs), configs, strict=True):
        assert batched.cases.height > 0  # the runs did something to compare
        assert_same(batched, simulate(cfg))


def test_runs_with_other_parameters_go_in_their_own_batches_with_the_same_results():
    runs = [
        [*SMALL, f"seed={seed}", *extra]
        for extra in ([], ["strategy=opschalen"], BUSY)
        for seed in (1, 2, 3)
    ]
    alone = [sim.run(overrides) for overrides in runs]
    for batch, n_jobs in ((2, 1), ("auto", 2)):
        for a, b in zip(alone, sim.run_many(runs, n_jobs=n_jobs, batch=batch), strict=True):
            assert_same(b, a)


def test_the_plan_groups_by_config_and_spreads_over_the_workers():
    configs = [Config(seed=s) for s in range(4)] + [config("seed=9"), Config(seed=5)]
    assert plan(configs, batch=2) == [[0, 1], [2, 3], [5], [4]]
    assert plan(configs, workers=2) == [[0, 1, 2], [3, 5], [4]]
    assert plan(configs, batch=1) == [[0], [1], [2], [3], [5], [4]]
    for bad in (0, -1, 2.5, "big", True):
        with pytest.raises(ConfigError, match="batch"):
            plan(configs, batch=bad)


def test_a_bad_config_among_many_is_refused_naming_the_run_before_any_runs(monkeypatch):
    ran = []
    monkeypatch.setattr(sim.batch, "run_part", lambda configs: ran.append(configs))
    with pytest.raises(ConfigError, match=r"run 2: .*tussenruimte\.friction"):
        sim.run_many([SMALL, SMALL, [*SMALL, "tussenruimte.friction=1.5"]], n_jobs=1)
    assert ran == []


def test_a_run_that_breaks_in_a_batch_is_named():
    batch = Batch([config("seed=1"), config("seed=2")], weeks=1)
    batch.world.actors.money[batch.blocks.of_run("actors", 1).start] = np.nan
    with pytest.raises(InvariantError, match=r"run 1 \(seed 2\): week 1: actors\.money"):
        batch.step()


def test_draws_for_actors_in_any_order_come_from_their_own_runs_stream():
    streams = Streams([np.random.default_rng(s) for s in (1, 2, 3)], [0, 4, 6, 10])
    actors = np.array([7, 0, 5, 9, 1, 4])  # runs 2, 0, 1, 2, 0, 1
    draws = streams.at(actors).random(len(actors))
    alone = [np.random.default_rng(s).random(2) for s in (1, 2, 3)]
    expected = [alone[2][0], alone[0][0], alone[1][0], alone[2][1], alone[0][1], alone[1][1]]
    assert draws.tolist() == expected
    with pytest.raises(ValueError, match="3 draws asked for 6 actors"):
        streams.at(actors).random(3)


def test_totals_per_run_add_each_runs_elements_as_that_run_alone_does():
    rng = np.random.default_rng(4)
    streams = Streams([rng] * 3, [0, 400, 500, 1000])
    actors = np.sort(rng.integers(0, 1000, 5000))
    values = rng.random(5000) * 1e6
    run = np.searchsorted([400, 500], actors, side="right")
    alone = [values[run == r].sum() for r in range(3)]
    assert streams.total(values, actors).tolist() == alone  # exactly, not approximately
    shuffled = rng.permutation(5000)
    totals = streams.total(values[shuffled], actors[shuffled])
    assert totals.tolist() == [values[shuffled][run[shuffled] == r].sum() for r in range(3)]
    assert streams.count(values > 5e5, actors).tolist() == [
        int((values[run == r] > 5e5).sum()) for r in range(3)
    ]


def test_years_of_a_default_sized_batch_give_each_run_its_results_alone():
    """Six years of 2,000-actor runs: a scope's capital profile was once a matrix product,
    whose last bit depended on how many cases shared the call (seed 45 drifted in week 196)."""
    overrides = ["population.n_actors=2000", "environment.n_buurten=1", "run.years=6"]
    configs = [to_config(compose_config([*overrides, f"seed={s}"])) for s in (44, 45, 46)]
    for batched, cfg in zip(run_batch(configs), configs, strict=True):
        assert_same(batched, simulate(cfg))


def test_a_scopes_capital_profile_does_not_depend_on_the_other_scopes_in_the_call():
    from itertools import product

    from sim.environment.places import capital_profile

    scopes = np.array(list(product([False, True], repeat=5)))
    together = capital_profile(scopes)
    for i, scope in enumerate(scopes):
        assert np.array_equal(capital_profile(scope[None]), together[i : i + 1])
        assert np.array_equal(capital_profile(scopes[[i, 0, 31]])[0], together[i])


#: One run per kind of build key, each differing from the first run in it.
BUILT = [
    [],
    ["population.n_actors=800", "environment.n_buurten=3"],
    ["population.trust=0.4", "population.bewoner.hours_week=4.0"],
    ["environment.local_degree=12", "environment.rewiring=0.3", "environment.quality_mean=0.6"],
    ["environment.kenniskring=true", "environment.n_wijken=2", "environment.n_buurten=4"],
    ["chains.threshold=0.1", "chains.threshold_sd=0.0", "pledge.propensity=0.8"],
    ["population.heterogeneity=false", "population.value_concentration=10"],
]


def test_runs_that_differ_in_what_they_are_built_from_share_a_batch_with_their_results_alone():
    configs = [config(*BUSY, f"seed={20 + i}", *extra) for i, extra in enumerate(BUILT)]
    assert plan(configs) == [list(range(len(BUILT)))]  # one batch
    for batched, cfg in zip(run_batch(configs), configs, strict=True):
        assert_same(batched, simulate(cfg))


@pytest.mark.parametrize(
    "weekly", ["environment.aspiration=0.7", "population.turnover_year=0.2", "chains.attention=0.5"]
)
def test_runs_that_differ_in_what_the_week_reads_do_not(weekly):
    configs = [config("seed=1"), config("seed=2", weekly)]
    assert plan(configs) == [[0], [1]]
    with pytest.raises(ValueError, match="run 1 of the batch differs from run 0 in a key the week"):
        Batch(configs)
