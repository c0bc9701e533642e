"""Trusted circles (sim.chains.trusted_ties, ODD 17.25): influence counts ties by their trust,
so a trusted circle pulls harder than as many acquaintances; working together builds tie
trust and a stall costs it; a shared history makes coordination cheaper; each lever moves
what it acts on and can be switched off."""

import numpy as np
import pytest
from helpers import ACTIVE, with_teams

from sim.chains import coordination, joining, lifecycle, trusted_ties
from sim.chains.book import MOBILISEREN
from sim.environment.network import neighbour_counts
from sim.vocabulary import Status

BASE = [*ACTIVE, "population.n_actors=400", "run.years=3", "seed=5"]


def scores(model):
    """Every invitation's (actor, local case, influence count) and join score this week."""
    world, book = model.world, model.chains
    cases, rows = book.cases_in(MOBILISEREN), book.active_rows(MOBILISEREN)
    actor, local, count = neighbour_counts(
        world.adjacency, book.m_actor[rows], book.local(cases, rows), len(cases),
        trusted_ties.weights(world),
    )  # fmt: skip
    score, _ = joining.invitation_scores(
        world, cases, book.per_case(rows)[cases], actor, local, count
    )
    return actor, local, count, score


def test_untrusted_ties_count_as_one():
    """With `chains.trusted_ties=false` the pull is the plain share of neighbours in the chain
    (Granovetter's and Watts's threshold model)."""
    model = with_teams([*BASE, "chains.trusted_ties=false"])
    actor, _, count, _ = scores(model)
    assert np.allclose(count, np.round(count)) and (count >= 1).all()
    assert np.array_equal(trusted_ties.weighted_degree(model.world, actor), model.degree[actor])


def test_a_trusted_circle_pulls_harder_than_acquaintances():
    """Influence counted by trust: raise the trust of the ties from the chains' members and
    the invitees' pull and scores rise, so more reach their threshold (trust -> joining)."""
    model = with_teams(BASE)
    world, book = model.world, model.chains
    _, _, count_low, score_low = scores(model)
    members = np.unique(book.m_actor[book.active_rows(MOBILISEREN)])
    adj = model.adjacency
    for i in members:  # the members' ties become fully trusted, from both ends
        lo, hi = adj.indptr[i], adj.indptr[i + 1]
        world.tie_trust[lo:hi] = 1.0
        for j in adj.indices[lo:hi]:
            at = adj.indptr[j] + np.flatnonzero(adj.indices[adj.indptr[j] : adj.indptr[j + 1]] == i)
            world.tie_trust[at] = 1.0
    world.tie_degree[:] = trusted_ties.degrees(adj, world.tie_trust)
    _, _, count_high, score_high = scores(model)
    assert (count_high >= count_low - 1e-12).all() and count_high.sum() > count_low.sum()
    threshold = model.actors.threshold
    actor = scores(model)[0]
    assert (score_high >= threshold[actor]).sum() > (score_low >= threshold[actor]).sum()


def test_working_together_builds_tie_trust_and_a_stall_costs_it():
    model = with_teams(BASE)
    world, book = model.world, model.chains
    cases = book.cases_in(MOBILISEREN)
    ties = trusted_ties.team_ties(world, cases, book.team())
    assert len(ties.edges) > 0
    before = world.tie_trust[ties.edges].copy()
    coordination.coordinate(world)
    after = world.tie_trust[ties.edges]
    assert (after >= before).all() and (after > before).any()
    stalled = np.unique(cases[ties.local])[:1]
    inside = trusted_ties.team_ties(world, cases, book.team())
    edges = inside.edges[cases[inside.local] == stalled[0]]
    kept = world.tie_trust[edges].copy()
    lifecycle.end_cases(world, stalled, Status.GESTAGNEERD)
    loss = model.cfg.feedback.trust_loss
    assert world.tie_trust[edges] == pytest.approx(kept * (1 - loss))
    assert world.tie_degree == pytest.approx(trusted_ties.degrees(model.adjacency, world.tie_trust))


@pytest.mark.parametrize("saving", [0.0, 0.8])
def test_a_shared_history_makes_coordination_cheaper(saving):
    """The same teams coordinate fewer hours the more their history saves, and not at all
    less with `chains.history_saving=0`."""
    hours = {}
    for trust in (0.0, 1.0):
        model = with_teams([*BASE, f"chains.history_saving={saving}"])
        model.world.tie_trust[:] = trust
        before = model.chains.c_hours_coordination.sum()
        coordination.coordinate(model.world)
        hours[trust] = model.chains.c_hours_coordination.sum() - before
    if saving == 0.0:
        assert hours[1.0] == pytest.approx(hours[0.0])
    else:
        assert hours[1.0] < hours[0.0]
