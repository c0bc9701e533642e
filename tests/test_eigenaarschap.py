"""Eigenaarschap as a state that drives (sim.chains.eigenaarschap, ODD 17.24): felt ownership
grows from hours given and say, fades without involvement, and is a lever on pledging,
staying, inviting, attachment and the local norm; `ownership.effect=0` makes it inert; paid
executors and commissioned contractors own nothing, felt or in euro."""

import numpy as np
import pytest
from helpers import ACTIVE, make_model, with_teams

from sim.chains import eigenaarschap, joining, pledging
from sim.chains.book import MOBILISEREN
from sim.vocabulary import Origin, Status

BASE = [*ACTIVE, "population.n_actors=400", "run.years=3", "seed=3"]


def mobilising(overrides=()):
    """A small model stepped until several cases mobilise with teams of three or more."""
    return with_teams([*BASE, *overrides])


def run_with(overrides):
    model = make_model([*BASE, *overrides])
    model.run()
    return model


def test_felt_ownership_is_inert_at_effect_zero():
    """At `ownership.effect=0` the felt ownership evolves but nothing reads it: the run is
    the same whether it grows or not."""
    grows = run_with(["ownership.effect=0"])
    still = run_with(["ownership.effect=0", "ownership.growth_week=0", "ownership.realised_gain=0"])
    assert grows.actors.felt.max() > 0.3 and still.actors.felt.max() == 0.0
    for name in ("c_status", "c_week_ended", "c_hours_given", "c_money_given"):
        a, b = getattr(grows.chains, name), getattr(still.chains, name)
        assert grows.chains.n_cases == still.chains.n_cases
        np.testing.assert_array_equal(a[: grows.chains.n_cases], b[: still.chains.n_cases])
    np.testing.assert_array_equal(grows.actors.attachment, still.actors.attachment)


def test_felt_ownership_grows_with_the_hours_given_and_fades_without_involvement():
    model = mobilising()
    world, st, book = model.world, model.actors, model.chains
    rows = book.team()
    idle = np.flatnonzero(book.per_actor(st.n) == 0)[:20]
    st.felt[idle] = 0.5
    before = st.felt.copy()
    hours = book.m_hours_week[rows]
    none = eigenaarschap.feel(world, rows, np.zeros(len(rows)), np.zeros(0, np.int64))
    after_none = st.felt.copy()
    st.felt[:] = before
    full = eigenaarschap.feel(world, rows, hours, np.zeros(0, np.int64))
    workers = np.unique(book.m_actor[rows[hours > 0]])
    # Say alone grows it; hours on top grow it more.
    assert (after_none[workers] > before[workers]).all()
    assert (st.felt[workers] > after_none[workers]).all()
    assert full.gained > none.gained > 0
    decay = model.cfg.ownership.decay_week
    assert st.felt[idle] == pytest.approx(0.5 * (1 - decay))
    assert ((st.felt >= 0) & (st.felt <= 1)).all()


def test_say_falls_as_others_pay_more():
    """An equal contributor has a full say; next to a funder who pays most, little."""
    model = mobilising()
    book = model.chains
    rows = book.team()
    case = book.m_case[rows[0]]
    team = rows[book.m_case[rows] == case]
    book.m_hours_given[team] = 10.0
    book.m_money_pledged[team] = 0.0
    assert eigenaarschap.say(model.world, team) == pytest.approx(1.0)
    book.m_money_pledged[team[0]] = 50_000.0
    say = eigenaarschap.say(model.world, team)
    n, hour = len(team), 10.0 * model.cfg.mkba.shadow_wage_eur_hour
    assert say[0] == 1.0
    assert say[1:] == pytest.approx(n * hour / (n * hour + 50_000.0))
    assert (say[1:] < 0.5).all()


def test_each_lever_moves_what_it_acts_on():
    """Manipulation checks at one state: feeling owner pledges more hours and money, leaves
    less often, is invited more, and co-owners at home lower the threshold; at effect 0 none
    of it."""
    model = mobilising(["ownership.effect=1", "pledge.imitation_rate=0"])
    world, st, book = model.world, model.actors, model.chains
    cases, rows = book.cases_in(MOBILISEREN), book.active_rows(MOBILISEREN)
    someone = np.arange(50)
    measured = {}
    for felt in (0.0, 1.0):
        st.felt[:] = felt
        pledging.pledge(world)
        measured[felt] = (
            book.m_hours_week[book.team()].sum(),
            eigenaarschap.pledge_share(world.cfg.ownership, st.propensity, st.felt).mean(),
            eigenaarschap.staying(world.cfg.ownership, st.felt).mean(),
            joining.attention(world, cases, rows).mean(),
            eigenaarschap.norm_factor(world, someone).mean(),
        )
    low, high = measured[0.0], measured[1.0]
    assert high[0] > low[0] and high[1] > low[1]  # pledging
    assert high[2] == 0.0 and low[2] == 1.0  # staying: no churn at full ownership, effect 1
    assert high[3] > low[3]  # inviting
    assert high[4] == 0.0 and low[4] == 1.0  # the norm
    world.cfg.ownership.effect = 0.0
    assert eigenaarschap.pledge_share(world.cfg.ownership, st.propensity, st.felt) == (
        pytest.approx(st.propensity)
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_in_a_run_ownership_raises_pledging_and_staying(seed):
    """Over a whole run (the manipulation check the issue asks for: ownership -> staying and
    pledging): with `ownership.effect=1` the members' share of hours and money pledged is
    higher, and their weekly probability of drifting away lower, than with 0, from the same
    seed, averaged over every member-week of the run. (The departures counted are too few
    in a small run to show it: 13 against 9 in one of these.)"""
    measured = {}
    for effect in (0.0, 1.0):
        model = make_model([*BASE, f"seed={seed}", f"ownership.effect={effect}"])
        cfg, st = model.cfg.ownership, model.actors
        share = churn = member_weeks = 0.0
        while model.week < model.n_weeks:
            model.step()
            actor = model.chains.m_actor[model.chains.team(Status.MOBILISEREN)]
            share += eigenaarschap.pledge_share(cfg, st.propensity[actor], st.felt[actor]).sum()
            churn += (
                model.cfg.chains.churn_week * eigenaarschap.staying(cfg, st.felt[actor])
            ).sum()
            member_weeks += len(actor)
        measured[effect] = (share / member_weeks, churn / member_weeks)
    assert measured[1.0][0] > 1.05 * measured[0.0][0], measured
    assert measured[1.0][1] < 0.95 * measured[0.0][1], measured


def test_contractors_and_executors_own_nothing():
    """Outsourced cases: the contractor initiates on commission and the executor is paid;
    neither feels ownership of the case or owns a euro of its value."""
    model = run_with(["chains.outsourced_share=1", "chains.top_down_rate=0.05", "run.years=4"])
    m, book = model.chains.all_members(), model.chains
    contractor = (book.c_origin[m["case"]] == Origin.OUTSOURCED) & (
        m["actor"] == book.c_initiator[m["case"]]
    )
    assert contractor.sum() > 5
    commissioned = contractor | m["paid"]
    assert (m["felt"][commissioned] == 0).all() and (m["ownership"][commissioned] == 0).all()
    realised = book.c_status[m["case"]] == Status.GEREALISEERD
    assert m["ownership"][realised & ~commissioned].sum() > 0
