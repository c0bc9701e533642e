"""A shared direction that forms (sim.chains.direction, ODD 17.23): the agreement index does not
depend on the number of themes by construction, deliberation moves it (faster with trust, not
at all without hours or rate), and the gate is a lever on decisions that can be switched off."""

import numpy as np
import pytest
from helpers import ACTIVE, LONGEST, SMALL, make_model

import sim
from sim.chains.book import MOBILISEREN
from sim.chains.direction import agreement, deliberate, stances, team_agreement
from sim.vocabulary import THEMES


def random_agreement(rng, k: int, members: int = 6, teams: int = 4000) -> np.ndarray:
    """Agreement of `teams` teams of random stances (uniform, 0-1) on k random themes."""
    stance = rng.random((teams * members, len(THEMES)))
    case_of = np.repeat(np.arange(teams), members)
    themes = np.zeros((teams, len(THEMES)), bool)
    for team in range(teams):
        themes[team, rng.choice(len(THEMES), k, replace=False)] = True
    return agreement(stance, themes, case_of, teams)


def test_expected_agreement_does_not_depend_on_the_number_of_themes():
    rng = np.random.default_rng(1)
    means = [random_agreement(rng, k).mean() for k in range(1, len(THEMES) + 1)]
    # 4,000 teams a scope: a standard error of at most 0.002 on each mean.
    assert max(means) - min(means) < 0.01, means
    # The spread does shrink with more themes (an average of more per-theme terms).
    spreads = [random_agreement(rng, k).std() for k in (1, len(THEMES))]
    assert spreads[1] < spreads[0]


def test_agreement_is_one_for_one_mind_and_zero_for_a_team_split_in_halves():
    themes = np.ones((2, len(THEMES)), bool)
    same = np.tile(rng_stance := np.random.default_rng(0).random(len(THEMES)), (4, 1))
    split = np.repeat([[0.0] * len(THEMES), [1.0] * len(THEMES)], 2, axis=0)
    case_of = np.repeat([0, 1], 4)
    got = agreement(np.vstack([same, split]), themes, case_of, 2)
    assert got == pytest.approx([1.0, 0.0])
    assert 0 < rng_stance.max() <= 1
    # Only the case's own themes count: disagreement elsewhere does not.
    one = np.zeros((1, len(THEMES)), bool)
    one[0, 0] = True
    mixed = np.array([[0.5, 0.0, 1.0, 0.0, 1.0], [0.5, 1.0, 0.0, 1.0, 0.0]])
    assert agreement(mixed, one, np.array([0, 0]), 1) == pytest.approx([1.0])


def test_stances_are_relative_to_the_favourite_theme():
    x = stances(np.random.default_rng(2).dirichlet(np.ones(len(THEMES)), 50))
    assert np.allclose(x.max(axis=1), 1.0) and (x >= 0).all()


def a_model_with_teams(trust: float | None = None):
    """A default model stepped until several cases mobilise, with everyone's trust set."""
    model = make_model([*ACTIVE, "population.n_actors=400", "run.years=2", "seed=4"])
    while len(model.chains.cases_in(MOBILISEREN)) < 3 and model.week < LONGEST:
        model.step()
    assert len(model.chains.cases_in(MOBILISEREN)) >= 3, "precondition: three cases"
    if trust is not None:
        model.actors.trust[:] = trust
    return model


@pytest.mark.parametrize("trust", [0.2, 0.8])
def test_deliberation_raises_agreement(trust):
    model = a_model_with_teams(trust)
    cases = model.chains.cases_in(MOBILISEREN)
    before = team_agreement(model.world, cases)
    after = deliberate(model.world, cases, np.ones(len(cases)))
    assert (after >= before - 1e-12).all() and (after > before).any()


def agreement_gain(trust: float, covered: float = 1.0, rate: float | None = None) -> float:
    model = a_model_with_teams(trust)
    if rate is not None:
        model.cfg.chains.deliberation_rate = rate
    cases = model.chains.cases_in(MOBILISEREN)
    before = team_agreement(model.world, cases)
    after = deliberate(model.world, cases, np.full(len(cases), covered))
    return float((after - before).sum())


def test_manipulation_check_trust_speeds_deliberation():
    """The lever acts on the variable first: more trust, a larger step towards agreement."""
    assert agreement_gain(0.9) > 1.5 * agreement_gain(0.3) > 0


def test_without_hours_or_rate_nobody_moves():
    assert agreement_gain(0.8, covered=0.0) == 0.0
    assert agreement_gain(0.8, rate=0.0) == 0.0


def summary(overrides) -> dict:
    return sim.run([*SMALL, "seed=5", *overrides]).summary.row(0, named=True)


def test_with_the_gate_off_stances_change_nothing():
    off = summary(["chains.direction=0"])
    assert off == summary(["chains.direction=0", "chains.deliberation_rate=0"])


def test_manipulation_check_the_gate_delays_decisions():
    """A higher agreement needed: fewer cases decided within the run, or later."""
    runs = {gate: sim.run([*SMALL, "seed=5", f"chains.direction={gate}"]) for gate in (0, 0.9)}
    decided = {g: r.cases.filter(r.cases["week_decided"].is_not_null()) for g, r in runs.items()}
    assert decided[0].height > 0
    assert decided[0.9].height < decided[0].height or (
        decided[0.9]["weeks_to_decision"].mean() > decided[0]["weeks_to_decision"].mean()
    )


def test_deliberation_hours_are_coordination_hours():
    base = [*ACTIVE, "chains.coordination_hours=0", "chains.path_hours=0"]
    none = summary([*base, "chains.deliberation_hours=0"])
    some = summary([*base, "chains.deliberation_hours=2"])
    assert none["coordination_hours_share"] == 0
    assert some["coordination_hours_share"] > 0


def test_the_case_log_gives_each_case_its_agreement():
    cases = sim.run([*SMALL, "seed=5"]).cases
    agree = cases["agreement"]
    assert agree.is_between(0, 1).all()
    realised = cases.filter(cases["status"] == "gerealiseerd")
    if realised.height:
        assert (realised["agreement"] >= 0.8 - 1e-9).all()
