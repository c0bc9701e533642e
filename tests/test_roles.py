"""Roles with behaviour (ODD 17.10): a leader's capacity, the momentum a chain loses when
its initiator leaves, who takes over, and supporters who give fewer hours. Each lever moves
the variable it acts on, and off switches it off."""

import numpy as np
import pytest
from helpers import ACTIVE, make_model, with_teams

from sim.chains import joining, pledging, roles
from sim.chains.book import MOBILISEREN
from sim.chains.coordination import effort
from sim.chains.eigenaarschap import pledge_share
from sim.vocabulary import Role

BASE = [*ACTIVE, "population.n_actors=400", "seed=4"]


def most_led(overrides, weeks: int = 60) -> int:
    """The most mobilising chains one actor led in any week of the run."""
    model = make_model([*BASE, "chains.bottom_up_rate=0.05", *overrides])
    top = 0
    for _ in range(weeks):
        model.step()
        top = max(top, int(roles.leading(model.world).max()))
    return top


@pytest.mark.parametrize("capacity", [1, 2])
def test_nobody_leads_more_chains_than_the_capacity(capacity):
    assert most_led([f"chains.lead_capacity={capacity}"]) <= capacity


def test_without_a_capacity_leaders_pile_up():
    """The manipulation check: with the limit off, some actor leads more than one chain."""
    assert most_led(["chains.lead_capacity=100"]) > 1


def initiator_leaves(overrides):
    """A model with teams; the initiator of its first mobilising chain leaves it. Returns
    the model, the case, its momentum before and the member expected to take over."""
    model = with_teams([*BASE, *overrides])
    world, book = model.world, model.chains
    case = book.cases_in(MOBILISEREN)[:1]
    rows = book.rows_of(case, book.team(MOBILISEREN))
    head = rows[book.m_role[rows] == Role.INITIATIEFNEMER]
    book.m_hours_week[rows] = np.arange(len(rows), dtype=float) + 1.0
    others = rows[book.m_role[rows] != Role.INITIATIEFNEMER]
    able = others[roles.can_lead(world.cfg.chains, roles.leading(world)[book.m_actor[others]])]
    expected = able[np.argmax(book.m_hours_week[able])] if len(able) else None
    before = float(book.c_momentum[case][0])
    book.leave(head, world.week)
    roles.initiator_left(world, case)
    return model, case, before, expected


@pytest.mark.parametrize("loss", [0.0, 0.5])
def test_a_chain_loses_momentum_when_its_initiator_leaves(loss):
    model, case, before, _ = initiator_leaves([f"chains.momentum_loss={loss}"])
    assert model.chains.c_momentum[case][0] == pytest.approx(before * (1 - loss))


def test_the_member_with_most_hours_who_can_lead_takes_over():
    model, case, _, expected = initiator_leaves(["chains.lead_capacity=3"])
    assert expected is not None
    assert model.chains.m_role[expected] == Role.INITIATIEFNEMER


def test_momentum_slows_the_work_and_comes_back():
    model = with_teams([*BASE, "chains.momentum_recovery=0.25"])
    world, book = model.world, model.chains
    cases = book.cases_in(MOBILISEREN)
    book.c_momentum[cases] = 1.0
    full = effort(world, cases).productivity
    book.c_momentum[cases] = 0.5
    assert effort(world, cases).productivity == pytest.approx(0.5 * full)
    roles.regain_momentum(world, cases)
    assert book.c_momentum[cases] == pytest.approx(0.5 + 0.25 * 0.5)


def test_a_leaderless_chain_invites_nobody_and_regains_nothing():
    model = with_teams(BASE)
    world, book = model.world, model.chains
    cases = book.cases_in(MOBILISEREN)
    rows = book.active_rows(MOBILISEREN)
    heads = book.rows_of(cases[:1], rows)
    heads = heads[book.m_role[heads] == Role.INITIATIEFNEMER]
    book.set_role(heads, Role.COPRODUCENT)  # nobody leads the first chain
    assert cases[0] in roles.leaderless(world)
    chance = joining.attention(world, cases, rows)
    assert chance[0] == 0 and (chance[1:] > 0).all()
    book.c_momentum[cases] = 0.5
    roles.regain_momentum(world, cases)
    assert book.c_momentum[cases[0]] == 0.5 and (book.c_momentum[cases[1:]] > 0.5).all()


@pytest.mark.parametrize("share", [0.0, 0.3, 1.0])
def test_supporters_give_their_share_of_the_hours_they_could(share):
    model = with_teams([*BASE, f"chains.supporter_hours={share}"], teams=1)
    world, book, st = model.world, model.chains, model.actors
    rows = book.team()
    actor = book.m_actor[rows]
    chains = np.bincount(actor, minlength=st.n)[actor]
    could = pledge_share(world.cfg.ownership, st.propensity[actor], st.felt[actor])
    could = could * st.hours_week[actor] / chains
    pledging.pledge(world)  # (imitation changes propensities after the hours are set)
    support = book.m_role[rows] == Role.ONDERSTEUNER
    assert support.any() and (~support).any()
    assert book.m_hours_week[rows[support]] == pytest.approx(share * could[support])
    assert book.m_hours_week[rows[~support]] == pytest.approx(could[~support])
