"""The Mesa agents: four kinds in the configured shares, views on the arrays, roles not types."""

import numpy as np
import polars as pl
import pytest
from helpers import SMALL, make_model, step_checked

from sim.agents import ACTOR_CLASSES, Ambtenaar, Bewoner, Ondernemer, Organisatie
from sim.agents.roles import ROLES
from sim.config import KINDS

VIEWED = ("trust", "passion", "skill", "ownership", "money", "hours_week", "attachment")


def test_four_agent_classes_in_the_configured_shares():
    model = make_model([*SMALL, "run.years=0.1"], mesa_space=True)
    assert set(model.agents_by_type) == {Bewoner, Ondernemer, Ambtenaar, Organisatie}
    n = model.cfg.population.n_actors
    assert len(model.agents) == n
    for cls, kind in zip(ACTOR_CLASSES, KINDS, strict=True):
        share = getattr(model.cfg.population, kind).share
        # Rounding: the other kinds' remainders go to the residents.
        assert abs(len(model.agents_by_type[cls]) - share * n) <= (2 if kind == "bewoner" else 1)


def test_counts_follow_other_shares_exactly():
    overrides = [
        "population.n_actors=400",
        "run.years=0.1",
        "population.bewoner.share=0.5",
        "population.ondernemer.share=0.3",
        "population.ambtenaar.share=0.15",
        "population.organisatie.share=0.05",
    ]
    model = make_model(overrides, mesa_space=True)
    counts = {cls: len(agents) for cls, agents in model.agents_by_type.items()}
    assert counts == {Bewoner: 200, Ondernemer: 120, Ambtenaar: 60, Organisatie: 20}


def test_agents_are_one_per_actor_with_the_right_kind():
    model = make_model([*SMALL, "run.years=0.1"], mesa_space=True)
    indices = sorted(a.index for a in model.agents)
    assert indices == list(range(model.actors.n))
    for agent in model.agents:
        assert agent.kind == KINDS[model.actors.kind[agent.index]]


def test_agents_are_views_on_the_arrays():
    model = make_model([*SMALL, "strategy=downscalen", "seed=1"], mesa_space=True)
    before = model.actors.trust.copy()
    step_checked(model)
    changed = np.flatnonzero(model.actors.trust != before)
    assert len(changed), "precondition: trust changed during the run (wins or stalls)"
    for agent in model.agents:
        for name in VIEWED:
            assert getattr(agent, name) == getattr(model.actors, name)[agent.index], name
    by_index = {a.index: a for a in model.agents}
    agent = by_index[int(changed[0])]
    assert agent.trust != before[agent.index]
    # A write to the array shows through the agent at once.
    model.actors.trust[agent.index] = 0.123
    assert agent.trust == 0.123


def test_agents_sit_on_the_network():
    """Each agent's cell neighbours in the Mesa Network are its ties in the adjacency."""
    model = make_model([*SMALL, "run.years=0.1"], mesa_space=True)
    assert model.space is not None
    for agent in list(model.agents)[::7]:
        neighbours = {cell.agents[0].index for cell in agent.cell.neighborhood}
        ties = set(model.adjacency[agent.index].indices.tolist())
        assert neighbours == ties


def test_an_actor_holds_roles_in_several_chains_at_once():
    """Principle 1: step until some actor is an active member of two chains; its agent says so."""
    model = make_model(
        [*SMALL, "run.years=5", "strategy=downscalen", "chains.bottom_up_rate=0.005"] + ["seed=3"],
        mesa_space=True,
    )
    found = None
    while model.week < model.n_weeks and found is None:
        model.step()
        busy = model.chains.per_actor(model.actors.n)
        if busy.max() >= 2:
            found = int(busy.argmax())
    assert found is not None, "no actor was ever in two chains at once"
    agent = next(a for a in model.agents if a.index == found)
    roles = agent.roles
    assert len(roles) >= 2
    assert set(roles.values()) <= set(ROLES)
    assert all(model.chains.c_status[case] <= 1 for case in roles)  # open cases only


def test_overlapping_memberships_in_the_log(default_run):
    mem = default_run.results.memberships
    end = default_run.model.week + 1
    pairs = mem.join(mem, on="actor_id", suffix="_other").filter(
        (pl.col("case_id") != pl.col("case_id_other"))
        & (pl.col("week_joined") < pl.col("week_left_other").fill_null(end))
        & (pl.col("week_joined_other") < pl.col("week_left").fill_null(end))
    )
    assert pairs.height > 0
    assert default_run.max_chains_seen >= 2
    assert default_run.max_chains_seen <= default_run.model.cfg.chains.max_chains


def test_roles_change_over_a_run(default_run):
    mem = default_run.results.memberships
    assert (mem["role_switches"] > 0).any()
    assert (mem["role"] != mem["role_first"]).any()
    # The same kind of actor takes different roles: roles are not types.
    for kind in ("bewoner", "ondernemer"):
        roles = mem.filter(pl.col("actor_kind") == kind)["role"].unique()
        assert roles.len() >= 2, kind


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_can_start_or_join(default_run, kind):
    """No kind is locked out of the value chains at the default size."""
    mem = default_run.results.memberships
    assert (mem["actor_kind"] == kind).any()
