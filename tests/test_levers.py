"""Manipulation checks: each lever moves the variable it acts on first, and off switches it off.

A whole run feeds back on itself (bigger teams coordinate more and stall), so a lever is
checked where it acts: two models with the same seed, one with the lever low and one high,
step together while they are the same; the first week they differ, the variable the lever
acts on must differ in the lever's direction.
"""

import numpy as np
import polars as pl
import pytest
from helpers import ACTIVE, LONGEST, make_model

import sim
from sim.chains.needs import prep_hours
from sim.chains.pledging import chain_payoffs, fermi_adopts, fermi_probability

BASE = [*ACTIVE, "population.n_actors=300", "run.years=2", "seed=2"]
SCALES = ("perceel", "buurt", "wijk")
PRICED = [*BASE, "environment.parcels_per_buurt=12"]


def joined(model) -> int:
    """Memberships taken up by joining (not by starting a case) so far."""
    return int(model.chains.n_members - model.chains.n_cases)


def stall_weeks(model) -> int:
    return int(model.chains.c_stall[: model.chains.n_cases].sum())


def first_difference(low: list[str], high: list[str], measure, weeks: int = 104):
    """(measure of low, measure of high) in the first week the two models differ in it."""
    a, b = make_model([*BASE, *low]), make_model([*BASE, *high])
    for _ in range(weeks):
        a.step()
        b.step()
        if measure(a) != measure(b):
            return measure(a), measure(b)
    pytest.fail(f"{low} and {high} never differed in {measure.__name__}")


@pytest.mark.parametrize(
    "key, low, high, direction",
    [
        ("chains.w_influence", 0.2, 3.0, +1),
        ("chains.w_alignment", 0.1, 3.0, +1),
        ("chains.w_cost", 0.0, 3.0, -1),
    ],
)
def test_joining_weights_move_joining(key, low, high, direction):
    """The joining score is w_influence x trust x influence + w_alignment x alignment - w_cost
    x cost: at the same state and draws, a larger weight lets more (cost: fewer) join."""
    a, b = first_difference([f"{key}={low}"], [f"{key}={high}"], joined)
    assert np.sign(b - a) == direction, (a, b)


def test_without_influence_or_alignment_nobody_joins():
    off = sim.run([*BASE, "chains.w_influence=0", "chains.w_alignment=0"])
    assert off.cases.height > 0  # cases start, with their initiators only
    assert (off.memberships["role_first"] == "initiatiefnemer").all()


def test_the_value_added_filter_bar_moves_joining():
    """Under the filter (downscalen), only who would add min_value_added_eur_week may join."""
    a, b = first_difference(
        ["chains.min_value_added_eur_week=0"], ["chains.min_value_added_eur_week=200"], joined
    )
    assert b < a
    shut = sim.run([*BASE, "chains.min_value_added_eur_week=10000000"])
    assert shut.cases.height > 0
    assert (shut.memberships["role_first"] == "initiatiefnemer").all()


def test_min_progress_hours_moves_stalling():
    """A week with less progress than min_progress_hours counts towards a stall; at 0 hours
    only mobilising too long ends a case."""
    a, b = first_difference(
        ["chains.min_progress_hours=0"], ["chains.min_progress_hours=50"], stall_weeks
    )
    assert a == 0 and b > a
    off = make_model([*BASE, "chains.min_progress_hours=0"]).run()
    assert stall_weeks(off) == 0


def test_prep_hours_set_the_preparation_a_case_needs():
    model = make_model(BASE).run()
    cases = np.arange(model.chains.n_cases)
    assert len(cases) > 0
    defaults = model.cfg.chains
    doubled = make_model(
        [*BASE, *(f"chains.{s}.prep_hours={2 * defaults.scale(s).prep_hours}" for s in SCALES)]
    )
    doubled.world.chains = model.chains  # the same cases, the other config
    np.testing.assert_allclose(prep_hours(doubled, cases), 2 * prep_hours(model, cases))
    none = sim.run([*BASE, *(f"chains.{s}.prep_hours=0" for s in SCALES)])
    assert none.timeseries["hours_productive"].sum() == 0  # nothing to prepare: no such hours
    assert sim.run(BASE).timeseries["hours_productive"].sum() > 0


def test_friction_hours_move_procedure_hours():
    high = ["tussenruimte.friction=1", "tussenruimte.learning=0", "tussenruimte.official_relief=0"]

    def procedure_hours(model) -> float:
        return float(model.chains.c_hours_procedure[: model.chains.n_cases].sum())

    low = [f"chains.{s}.friction_hours=0" for s in SCALES]
    more = [f"chains.{s}.friction_hours=400" for s in SCALES]
    a, b = first_difference([*high, *low], [*high, *more], procedure_hours, weeks=LONGEST)
    assert a == 0 and b > 0
    off = make_model([*BASE, *high, *low]).run()
    assert procedure_hours(off) == 0


def test_selection_noise_sets_how_payoffs_decide_imitation():
    """Fermi rule: at small K an imitator adopts exactly when the other earns more; at large K
    it is a coin toss whatever the payoffs."""
    rng = np.random.default_rng(1)
    mine, other = rng.normal(size=20_000), rng.normal(size=20_000)
    sharp = fermi_adopts(mine, other, 1e-6, np.random.default_rng(2))
    assert (sharp == (other > mine)).all()
    flat = fermi_adopts(mine, other, 1000, np.random.default_rng(2))
    assert abs(flat.mean() - 0.5) < 0.02
    assert abs(flat[other > mine].mean() - flat[other < mine].mean()) < 0.03


def test_warm_glow_raises_pledging():
    """The warm glow (w_glow x passion x alignment x share pledged) rewards pledging: at the
    same state, members who pledge a larger share earn more from it, so an imitator is more
    likely to copy a member who pledges more than itself; without it only the public-goods
    payoffs count. (Whether a whole run then drifts to higher shares depends on who is in
    chains: over three seeds of three years it did by 0.013, not at all with ownership on.)"""
    model = make_model([*BASE, "run.years=3"])
    book, st = model.chains, model.actors
    while len(book.team()) < 40 and model.week < LONGEST:
        model.step()
    assert len(book.team()) >= 40, "precondition: 40 members within the run"
    rows = book.team()
    chains_of = np.bincount(book.m_actor[rows], minlength=st.n)
    members = np.unique(book.m_actor[rows])
    payoff = {}
    for w_glow in (0.0, 20.0):
        model.cfg.pledge.w_glow = w_glow
        payoff[w_glow] = chain_payoffs(model.world, rows, chains_of, members)
    glow = payoff[20.0] - payoff[0.0]
    assert np.corrcoef(glow, st.propensity[members])[0, 1] > 0.3
    i, j = np.triu_indices(len(members), 1)
    up = st.propensity[members[j]] > st.propensity[members[i]]
    i, j = i[up], j[up]
    noise = model.cfg.pledge.selection_noise
    adopt = {w: fermi_probability(p[i], p[j], noise).mean() for w, p in payoff.items()}
    assert adopt[20.0] > adopt[0.0] + 0.05, adopt


@pytest.mark.parametrize("effect", ["veiligheid", "gezondheid"])
def test_a_shadow_price_scales_its_effect_benefit(effect):
    """mkba.price_<effect> values that effect alone: doubled, its benefit doubles; at 0 it
    is 0; the other effects and the cases are unchanged. (A small wijk at 30 residents a
    perceel, the first round's density, so that cases benefit people.)"""
    base = sim.run(PRICED).cases
    assert base[f"mkba_{effect}_eur"].sum() > 0, "precondition: a case with this effect"
    price = getattr(sim.config.Config().mkba, f"price_{effect}")
    doubled = sim.run([*PRICED, f"mkba.price_{effect}={2 * price}"])
    free = sim.run([*PRICED, f"mkba.price_{effect}=0"]).cases
    np.testing.assert_allclose(doubled.cases[f"mkba_{effect}_eur"], 2 * base[f"mkba_{effect}_eur"])
    assert (free[f"mkba_{effect}_eur"] == 0).all()
    others = [c for c in base.columns if c.startswith("mkba_") and c.endswith("_eur")
              and effect not in c and c not in ("mkba_npv_eur", "mkba_benefits_eur")]  # fmt: skip
    assert others
    assert base.select(others).equals(free.select(others))
    assert base.select(pl.col("status")).equals(free.select(pl.col("status")))
