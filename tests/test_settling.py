"""A neighbourhood that settles (ODD 17.26): residents move, thresholds and skill move both
ways; each rule has its lever and can be switched off."""

import numpy as np
import pytest
from helpers import ACTIVE, make_model, with_teams

from sim.chains import lifecycle, small_wins, trusted_ties, turnover
from sim.chains.book import MOBILISEREN
from sim.vocabulary import Kind, Status

BASE = [*ACTIVE, "population.n_actors=400", "run.years=3", "seed=6"]


def test_movers_leave_their_chains_and_newcomers_bring_a_residents_start():
    model = with_teams([*BASE, "population.turnover_year=0.5"], teams=1)
    world, st, book = model.world, model.actors, model.chains
    st.felt[:] = 0.7
    members = np.unique(book.m_actor[book.team()])
    moved = turnover.move(world)
    for _ in range(30):
        if np.isin(moved.actors, members).any():
            break
        moved = turnover.move(world)
    movers = moved.actors
    assert len(movers) and (st.kind[movers] == Kind.BEWONER).all()
    assert (st.felt[movers] == 0).all() and (st.reserved[movers] == 0).all()
    active = book.active_rows()
    assert not np.isin(book.m_actor[active], movers).any()
    for name in turnover.TRAITS:  # every newcomer's traits are some resident's start
        start = world.start[name][world.residents]
        got = getattr(st, name)[movers]
        rows = start.reshape(len(start), -1)
        assert all((rows == g.reshape(-1)).all(axis=1).any() for g in got.reshape(len(got), -1))
    assert world.tie_degree == pytest.approx(trusted_ties.degrees(model.adjacency, world.tie_trust))
    adj = model.adjacency
    owner = np.repeat(np.arange(st.n), np.diff(adj.indptr))
    back = turnover.reverse_entries(adj, owner, adj.indices)
    assert (adj.indices[back] == owner).all()
    assert np.array_equal(world.tie_trust, world.tie_trust[back])  # ties stay symmetric


def test_nobody_moves_at_zero_turnover():
    model = make_model([*BASE, "population.turnover_year=0"]).run()
    assert model.last_week.moved.actors.size == 0


@pytest.mark.parametrize("rise", [0.0, 0.1])
def test_a_stall_raises_its_members_thresholds(rise):
    model = with_teams([*BASE, f"feedback.stall_threshold={rise}"], teams=1)
    book, st = model.chains, model.actors
    cases = book.cases_in(MOBILISEREN)
    case = cases[book.per_case(book.team())[cases] >= 3][:1]
    team = np.unique(book.m_actor[book.rows_of(case, book.team())])
    assert len(team) >= 3
    before = st.threshold[team].copy()
    lifecycle.end_cases(model.world, case, Status.GESTAGNEERD)
    assert st.threshold[team] == pytest.approx(before + rise)


def test_thresholds_return_and_unused_skill_fades():
    model = with_teams(
        ["feedback.threshold_recovery_year=0.5", "feedback.skill_forgetting_year=0.5"]
    )
    world, st = model.world, model.actors
    st.threshold[:] = 0.0
    st.skill[:] = 1.0
    small_wins.forget(world)
    assert (st.threshold[world.start["threshold"] > 0] > 0).all()
    idle = model.chains.per_actor(st.n) == 0
    assert (st.skill[idle & (world.start["skill"] < 1)] < 1).all()
    assert (st.skill[~idle] == 1).all()
