"""Mechanisms that can go both ways: in small runs, each test compares a run with a mechanism
on to one with it off, and checks the outcome moves the way the mechanism says."""

import polars as pl
import pytest
from helpers import SMALL, make_model

import sim

PASSION_ZERO = [f"population.{k}.passion=0" for k in sim.config.KINDS]


def summary(overrides) -> dict:
    return sim.run(overrides).summary.row(0, named=True)


def test_no_coordination_hours_no_coordination_share():
    on = sim.run([*SMALL, "seed=2"])
    meetings_off = [
        "chains.coordination_hours=0",
        "chains.path_hours=0",
        "chains.deliberation_hours=0",
    ]
    off = sim.run([*SMALL, "seed=2", *meetings_off])
    assert on.summary["hours_given"][0] > 0 and off.summary["hours_given"][0] > 0
    assert on.summary["coordination_hours_share"][0] > 0
    assert off.summary["coordination_hours_share"][0] == 0
    assert (off.cases["hours_coordination"] == 0).all()
    assert (off.timeseries["hours_coordination"] == 0).all()


def test_no_initiation_nothing_starts():
    base = [*SMALL, "seed=3"]
    assert summary(base)["started_cases"] > 0
    off = sim.run([*base, "chains.bottom_up_rate=0", "chains.top_down_rate=0"])
    row = off.summary.row(0, named=True)
    assert row["started_cases"] == 0
    assert off.cases.height == 0 and off.memberships.height == 0
    assert row["participation_rate"] == 0 and row["ownership_share"] == 0


def test_no_passion_no_bottom_up_cases():
    """Bottom-up starts need passion; an official's top-down cases do not."""
    base = [*SMALL, "seed=4", "population.heterogeneity=false", "feedback.small_win_passion=0"]
    top_down_only = sim.run([*base, *PASSION_ZERO, "chains.top_down_rate=0.05"])
    assert top_down_only.cases.height > 0
    assert (top_down_only.cases["origin"] != "bottom_up").all()
    passion = sim.run([*base, "chains.top_down_rate=0", "chains.bottom_up_rate=0.01"])
    assert passion.cases.height > 0 and (passion.cases["origin"] == "bottom_up").all()


def test_no_passion_and_no_top_down_nothing_starts():
    base = [*SMALL, "seed=4", "population.heterogeneity=false", "chains.top_down_rate=0"]
    assert summary([*base, "chains.bottom_up_rate=0.01"])["started_cases"] > 0
    # Heterogeneity off: its beta draws would keep passion just above 0 (see the reduction
    # configs/reduction/limit_no_passion.yaml).
    model = make_model([*base, "chains.bottom_up_rate=0.01", *PASSION_ZERO])
    assert (model.actors.passion == 0).all()
    model.run()
    assert model.chains.n_cases == 0


def mean_procedure_hours(overrides) -> float:
    cases = sim.run(overrides).cases.filter(pl.col("hours_given") > 0)
    assert cases.height > 0, "precondition: some case got hours"
    return cases["hours_procedure"].mean()


def test_friction_costs_procedure_hours():
    base = [*SMALL, "seed=5", "strategy=downscalen"]
    without = mean_procedure_hours([*base, "tussenruimte.friction=0"])
    with_friction = mean_procedure_hours([*base, "tussenruimte.friction=1"])
    assert without == 0
    assert with_friction > without


def test_learning_after_wins_lowers_friction():
    base = [*SMALL, "seed=7", "chains.bottom_up_rate=0.005", "tussenruimte.friction=0.5"]
    learning = summary(base)
    assert learning["realised_cases"] > 0, "precondition: some case was realised"
    assert learning["friction_end"] < 0.5
    none = summary([*base, "tussenruimte.learning=0"])
    assert none["realised_cases"] > 0
    assert none["friction_end"] == pytest.approx(0.5)


@pytest.mark.parametrize("strategy", ["onbeheerst", "downscalen"])
def test_scope_follows_appetite_and_cap(strategy):
    """No appetite and no creep: single-theme cases; full appetite: every case at the cap."""
    base = [*SMALL, "seed=7", f"strategy={strategy}", "chains.top_down_rate=0.02"]
    narrow = sim.run([*base, "chains.integrality_appetite=0", "chains.scope_creep=0"]).cases
    wide = sim.run([*base, "chains.integrality_appetite=1", "chains.scope_creep=0"]).cases
    cap = sim.run(base).cases  # any case: within the strategy's cap
    cap_value = sim.api.to_config(sim.api.compose_config(base)).strategy.scope_cap
    assert narrow.height > 0 and wide.height > 0
    assert (narrow["integrality"] == 1).all()
    assert (wide["integrality"] == cap_value).all()
    assert cap["integrality"].max() <= cap_value


def test_team_size_cap_limits_mobilising_teams():
    """A team-size cap of 3: no case ever had more than 3 members; without the cap, some did."""
    base = [*SMALL, "seed=8", "strategy=onbeheerst", "chains.top_down_rate=0.02"]
    base.append("population.turnover_year=0")  # nobody moves out of a team either
    capped = sim.run([*base, "strategy.team_size_cap=3", "chains.churn_week=0"])
    open_ = sim.run([*base, "chains.churn_week=0"])
    # Without churn or moves nobody leaves before the case ends: a case's log is its team.
    assert (capped.cases["members"] <= 3).all()
    assert open_.cases["members"].max() > 3
