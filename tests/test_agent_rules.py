"""The readable rules against the fast ones (issue 12): each decision rule is written once as
a plain method of the Mesa agents (`sim.agents.actors.Actor`, and `sim.agents.case.Case` for
the rules of a case); on random states the vectorised phase must give what looping the
agents' methods gives, to a relative tolerance of 1e-9.

Every example draws a fresh state into one small built model (200 actors in 6 buurten of 3
wijken): the actors' traits, a few open cases (place, scale, themes, progress) and their
teams, and the rule parameters the test varies. Sums that can cancel to about zero (a join
score, a payoff) are compared with an absolute tolerance of 1e-12 as well.
"""

import copy
import math
from collections import Counter, defaultdict
from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.agents import Case, Member
from sim.chains import (
    coordination,
    eigenaarschap,
    initiation,
    joining,
    ownership,
    pledging,
    roles,
    small_wins,
    trusted_ties,
)
from sim.chains.book import ChainBook
from sim.config import Config
from sim.model import WaardenModel
from sim.streams import Streams
from sim.vocabulary import THEMES, Role, Status

N_ACTORS = 200
RTOL, ATOL = 1e-9, 1e-12
SEEDS = st.integers(0, 2**32 - 1)
WEIGHTS = st.floats(0.0, 2.0)
EXAMPLES = settings(max_examples=60, deadline=None)
RULE_GROUPS = ("chains", "pledge", "feedback", "mkba", "strategy", "tussenruimte", "ownership")


@cache
def built():
    """The model the examples draw their states into, and its agents by actor index."""
    cfg = Config()
    cfg.population.n_actors = N_ACTORS
    cfg.environment.n_buurten, cfg.environment.n_wijken = 6, 3
    model = WaardenModel(cfg, mesa_space=True)
    return model, {a.index: a for a in model.agents}


def close(a, b) -> bool:
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)


def draw_state(seed: int, n_cases: int = 6, team: int = 12, paid: bool = False):
    """A random state: default rule parameters, actor traits, `n_cases` open cases and their
    teams (up to `team` members each, the initiator first; with `paid`, some paid executors
    too)."""
    model, agents = built()
    fresh = Config()  # the rule parameters an earlier example changed, back to the defaults
    for group in RULE_GROUPS:
        vars(getattr(model.cfg, group)).update(vars(getattr(fresh, group)))
    rng = np.random.default_rng(seed)
    world, a, n = model.world, model.actors, model.actors.n
    a.trust[:], a.attachment[:], a.passion[:] = rng.random((3, n))
    a.skill[:], a.propensity[:] = rng.random((2, n))
    a.felt[:] = rng.random(n) * (rng.random(n) < 0.6)
    a.home_attachment[:] = a.attachment
    a.values[:] = rng.dirichlet(np.ones(3), n)
    a.hours_week[:] = np.where(rng.random(n) < 0.1, 0.0, rng.gamma(2.0, 3.0, n))
    a.money[:] = rng.lognormal(7.0, 2.0, n)
    a.reserved[:] = a.money * rng.random(n) * 0.5
    a.threshold[:] = rng.random(n) * 0.8
    adj = model.adjacency
    owner = np.repeat(np.arange(n), np.diff(adj.indptr))
    u = rng.random(n)
    world.tie_trust[:] = np.sqrt(u[owner] * u[adj.indices])  # the same from either end
    world.tie_degree[:] = trusted_ties.degrees(adj, world.tie_trust)
    world.week = int(rng.integers(60, 200))
    world.tussenruimte.level[:] = rng.random(world.tussenruimte.level.shape)
    model.cfg.tussenruimte.deterrence = 3 * float(rng.random()) * (rng.random() < 0.8)
    world.chains = book = ChainBook()
    starters = rng.choice(n, n_cases, replace=False)
    themes = rng.random((n_cases, len(THEMES))) < 0.3
    themes[np.arange(n_cases), rng.integers(0, len(THEMES), n_cases)] = True
    ids = book.open_cases(
        np.zeros(n_cases, np.int8),
        starters,
        a.parcel[starters],
        a.buurt[starters],
        rng.integers(0, 3, n_cases),
        themes,
        0,
    )
    book.c_week_started[ids] = world.week - rng.integers(0, 60, n_cases)
    book.c_history[ids] = rng.random(n_cases) * 0.5
    book.c_proc_done[ids] = rng.random(n_cases) * 300 * (rng.random(n_cases) < 0.7)
    filed = world.week - rng.integers(0, 30, n_cases)
    book.c_filed[ids] = np.where(rng.random(n_cases) < 0.4, filed, -1)
    for c, starter in zip(ids, starters, strict=True):
        others = rng.choice(np.delete(np.arange(n), starter), rng.integers(0, team), replace=False)
        members = np.r_[starter, others]
        roles = np.where(rng.random(len(members)) < 0.5, Role.COPRODUCENT, Role.ONDERSTEUNER)
        roles[0] = Role.INITIATIEFNEMER
        book.add_members(
            members,
            np.full(len(members), c),
            roles,
            0,
            rng.random(len(members)),
            rng.random(len(members)) * 5000 * (rng.random(len(members)) < 0.3),
        )
        if paid:
            book.add_members([int(rng.integers(0, n))], [c], Role.UITVOERDER, 0, [0.0], [0.0], True)
    rows = np.arange(book.n_members)
    book.m_hours_week[rows] = rng.gamma(1.0, 2.0, len(rows)) * (rng.random(len(rows)) < 0.9)
    return model, agents, ids


def views(model, agents, ids) -> dict:
    return {int(c): Case.from_book(model, int(c), agents) for c in ids}


def chains_of(cases: dict) -> dict:
    """Actor index -> the cases it is an active member of."""
    member_of = defaultdict(set)
    for c, case in cases.items():
        for m in case.members:
            member_of[m.actor.index].add(c)
    return member_of


# ------------------------------------------------------------------ joining


def set_joining(model, fractional, weights, value_filter, open_invitation, team_cap=1000):
    ch, strategy = model.cfg.chains, model.cfg.strategy
    ch.threshold_kind = "fractional" if fractional else "absolute"
    ch.w_influence, ch.w_alignment, ch.w_cost = weights
    ch.attention, ch.scope_creep = 1.0, 0.0  # every invitation considered; no creep draws
    strategy.value_added_filter = value_filter
    strategy.invitation = "open" if open_invitation else "network"
    strategy.team_size_cap = team_cap


def reference_invitations(model, agents, cases: dict) -> dict:
    """(actor, case) -> neighbours in the chain: the invitations each agent considers, read
    from its neighbours in the Mesa network, as the per-agent staging would collect them."""
    cfg, busy = model.cfg, model.chains.per_actor(model.actors.n)
    member_of = chains_of(cases)
    found = {}
    for agent in agents.values():
        i = agent.index
        if busy[i] >= cfg.chains.max_chains or agent.hours_week <= 0:
            continue
        if cfg.strategy.value_added_filter:
            if agent.value_added(busy[i]) < cfg.chains.min_value_added_eur_week:
                continue
        counts = defaultdict(float)  # ties in each chain, counted by their trust
        for other in agent.neighbours:
            for c in member_of[other.index]:
                counts[c] += agent.tie_trust(other.index)
        if cfg.strategy.invitation == "open":
            for c, case in cases.items():
                if case.is_here(agent.buurt, agent.wijk):
                    counts.setdefault(c, 0)
        for c, count in counts.items():
            if c not in member_of[i]:
                found[(i, c)] = count
    return found


@EXAMPLES
@given(
    seed=SEEDS,
    fractional=st.booleans(),
    weights=st.tuples(WEIGHTS, WEIGHTS, WEIGHTS),
    value_filter=st.booleans(),
    open_invitation=st.booleans(),
)
def test_join_scores_are_the_agents(seed, fractional, weights, value_filter, open_invitation):
    """The invitations, their join scores, alignments and value added, and the threshold
    decision: `joining.invitations` and `invitation_scores` against the agents' methods."""
    model, agents, ids = draw_state(seed)
    set_joining(model, fractional, weights, value_filter, open_invitation)
    world, book = model.world, model.chains
    cases, rows = book.cases_in(0), book.active_rows(0)
    actor, local, count, value = joining.invitations(world, cases, rows)
    score, align = joining.invitation_scores(
        world, cases, book.per_case(rows)[cases], actor, local, count
    )
    by_case = views(model, agents, ids)
    engine = {(int(i), int(cases[j])): k for i, j, k in zip(actor, local, count, strict=True)}
    reference = reference_invitations(model, agents, by_case)
    assert engine.keys() == reference.keys()
    assert all(close(k, reference[pair]) for pair, k in engine.items())
    busy = book.per_actor(model.actors.n)
    threshold = model.actors.threshold[actor] * joining.norm_factor(world, actor)
    for i, j, k, s, al, v, t in zip(
        actor, local, count, score, align, value, threshold, strict=True
    ):
        agent, case = agents[int(i)], by_case[int(cases[j])]
        assert close(agent.join_score(case, float(k)), s)
        assert close(agent.alignment(case), al)
        assert close(agent.value_added(int(busy[i])), v)
        assert close(agent.threshold_now(), t)
        if abs(s - t) > 1e-9:
            assert agent.joins(case, float(k)) == (s >= t)


@EXAMPLES
@given(seed=SEEDS, relief=st.floats(0.0, 1.0))
def test_start_probability_is_the_agents(seed, relief):
    """`initiation.start_probability` (passion, attachment, the perceived gap, and the
    procedure the starter would meet in its wijk at the case's scale) against
    `Actor.start_probability`."""
    model, agents, _ = draw_state(seed)
    model.cfg.tussenruimte.official_relief = relief
    rng = np.random.default_rng(seed + 5)
    actors = np.arange(model.actors.n)
    gap, scale = rng.random(len(actors)) * 0.8, rng.integers(0, 3, len(actors))
    chance = initiation.start_probability(model.world, actors, gap, scale)
    for i in actors:
        assert close(agents[int(i)].start_probability(float(gap[i]), int(scale[i])), chance[i])


@EXAMPLES
@given(
    seed=SEEDS,
    fractional=st.booleans(),
    weights=st.tuples(WEIGHTS, WEIGHTS, WEIGHTS),
    value_filter=st.booleans(),
    team_cap=st.integers(1, 20),
)
def test_mobilise_is_each_agent_taking_its_best_invitation(
    seed, fractional, weights, value_filter, team_cap
):
    """`joining.mobilise` (every invitation considered, no scope creep): who joins which
    chain, with what alignment and money pledge, against each agent's `best_invitation`,
    the chains admitting by priority up to their team-size cap, and `money_pledge`."""
    model, agents, ids = draw_state(seed)
    set_joining(model, fractional, weights, value_filter, False, team_cap)
    by_case = views(model, agents, ids)
    busy = model.chains.per_actor(model.actors.n)
    invited = defaultdict(list)
    for (i, c), count in sorted(reference_invitations(model, agents, by_case).items()):
        invited[i].append((by_case[c], count))
    applicants = defaultdict(list)
    for i, invitations in invited.items():
        choice = agents[i].best_invitation(invitations, int(busy[i]))
        if choice is not None:
            case, priority, alignment = choice
            applicants[case.id].append((priority, agents[i], alignment))
    expected = {}
    for c, apply in applicants.items():
        case = by_case[c]
        room = max(team_cap - len(case.members), 0)
        for _, agent, alignment in sorted(apply, key=lambda a: -a[0])[:room]:
            expected[(agent.index, c)] = (alignment, agent.money_pledge(case.still_needed()))

    book = model.chains
    first = book.n_members
    joining.mobilise(model.world)
    new = range(first, book.n_members)
    got = {(int(book.m_actor[r]), int(book.m_case[r])): r for r in new}
    assert set(got) == set(expected)
    for key, r in got.items():
        assert book.m_role[r] == Role.COPRODUCENT
        assert close(book.m_alignment[r], expected[key][0])
        assert close(book.m_money_pledged[r], expected[key][1])


# ------------------------------------------------------------------ pledging and imitation


@EXAMPLES
@given(
    seed=SEEDS,
    per_game=st.booleans(),
    synergy=st.floats(0.0, 6.0),
    w_glow=WEIGHTS,
    noise=st.floats(0.01, 5.0),
    rate=st.floats(0.0, 1.0),
)
def test_pledges_payoffs_and_imitation_are_the_agents(seed, per_game, synergy, w_glow, noise, rate):
    """`pledging.pledge`: roles (stepping up or back), hours split over the chains by role,
    the public goods payoffs with the warm glow (`chain_payoffs`) and Fermi imitation,
    against `role_in_chain`, `hours_pledged`, `pot_contribution`, `payoff` and
    `imitation_probability`."""
    model, agents, ids = draw_state(seed)
    model.cfg.chains.supporter_hours = float(np.random.default_rng(seed).random())
    p = model.cfg.pledge
    p.cost_scheme = "per_game" if per_game else "per_individual"
    p.synergy, p.w_glow, p.selection_noise, p.imitation_rate = synergy, w_glow, noise, rate
    by_case = views(model, agents, ids)
    n_chains = {i: len(cs) for i, cs in chains_of(by_case).items()}
    pot = {
        c: sum(m.actor.pot_contribution(n_chains[m.actor.index]) for m in case.members)
        for c, case in by_case.items()
    }
    games = defaultdict(list)
    for c, case in by_case.items():
        for m in case.members:
            games[m.actor.index].append((pot[c], len(case.members), m.alignment))
    payoff = np.array([agents[i].payoff(games[i]) for i in range(N_ACTORS)])
    pledges = {}  # case -> [(hours a week, role)] of its members, in row order
    for c, case in by_case.items():
        pledges[c] = []
        for m in case.members:
            n = n_chains[m.actor.index]
            role = m.role
            if role in (Role.COPRODUCENT, Role.ONDERSTEUNER):
                role = m.actor.role_in_chain(m.actor.hours_i_could_give(n), m.money_pledged)
            pledges[c].append((m.actor.hours_pledged(n, role), role))

    world, book = model.world, model.chains
    rows = book.team()
    played = np.bincount(book.m_actor[rows], minlength=N_ACTORS)
    everyone = np.arange(N_ACTORS)
    np.testing.assert_allclose(
        pledging.chain_payoffs(world, rows, played, everyone), payoff, rtol=RTOL, atol=ATOL
    )
    # Imitation: the engine's partners and draws, each agent's Fermi probability.
    rng = copy.deepcopy(world.rng)
    streams = Streams.single(rng, world.actors.n)
    who, other = pledging.imitation_partners(world.degree, world.adjacency, rate, streams)
    chance = [
        agents[w].imitation_probability(payoff[w], payoff[o])
        for w, o in zip(who, other, strict=True)
    ]
    np.testing.assert_allclose(
        pledging.fermi_probability(payoff[who], payoff[other], noise), chance, rtol=RTOL
    )
    adopt = rng.random(len(who)) < np.array(chance)
    propensity = model.actors.propensity.copy()
    propensity[who[adopt]] = propensity[other[adopt]]

    pledging.pledge(world)
    for c, expected in pledges.items():
        at = np.flatnonzero(book.m_case[: book.n_members] == c)
        for (hours, role), r in zip(expected, at, strict=True):
            assert close(book.m_hours_week[r], hours)
            assert book.m_role[r] == role
    np.testing.assert_array_equal(model.actors.propensity, propensity)


# ------------------------------------------------------------------ roles


@EXAMPLES
@given(seed=SEEDS, capacity=st.integers(1, 3), loss=st.floats(0.0, 0.9), back=st.floats(0, 1))
def test_succession_and_momentum_are_the_cases(seed, capacity, loss, back):
    """`roles.initiator_left`, `succeed` and `regain_momentum` against `Case.initiator_left`,
    `Case.successor` (all chains choose at once on last week's leaders; an actor chosen by
    several takes the first) and `Case.momentum_after_week`."""
    model, agents, ids = draw_state(seed)
    ch = model.cfg.chains
    ch.lead_capacity, ch.momentum_loss, ch.momentum_recovery = capacity, loss, back
    book = model.chains
    rng = np.random.default_rng(seed + 6)
    book.c_momentum[ids] = rng.random(len(ids))
    rows = np.arange(book.n_members)
    heads = rows[book.m_role[rows] == Role.INITIATIEFNEMER]
    gone = heads[rng.random(len(heads)) < 0.6]  # these initiators leave
    book.leave(gone, model.week)
    left = book.m_case[gone]
    by_case = views(model, agents, ids)
    led = Counter(
        m.actor.index
        for case in by_case.values()
        for m in case.members
        if m.role == Role.INITIATIEFNEMER
    )
    taken, expected = set(), {}
    for c in sorted(left):
        case = by_case[int(c)]
        case.initiator_left()
        chosen = case.successor(led)
        if chosen is not None and chosen.actor.index not in taken:
            taken.add(chosen.actor.index)
            expected[int(c)] = chosen.actor.index
            chosen.role = Role.INITIATIEFNEMER
    got = roles.initiator_left(model.world, left)
    assert sorted(int(c) for c in got) == sorted(expected)
    for c, case in by_case.items():
        assert close(book.c_momentum[c], case.momentum)
        if c in expected:
            n = book.n_members
            mine = (book.m_case[:n] == c) & (book.m_actor[:n] == expected[c])
            assert (book.m_role[:n][mine] == Role.INITIATIEFNEMER).all()
    roles.regain_momentum(model.world, ids)
    for c, case in by_case.items():
        assert close(book.c_momentum[c], case.momentum_after_week())


# ------------------------------------------------------------------ coordination overhead


@EXAMPLES
@given(
    seed=SEEDS,
    hours=st.floats(0.0, 2.0),
    path_hours=st.floats(0.0, 0.2),
    theme_load=st.floats(0.0, 1.5),
    done=st.floats(0.0, 1.0),
    gate=st.floats(0.0, 1.0),
    rate=st.floats(0.0, 1.0),
)
def test_coordination_and_progress_are_the_cases(
    seed, hours, path_hours, theme_load, done, gate, rate
):
    """`coordination.coordinate`: coordination overhead and deliberation, procedure and
    preparation done, hours given by each member, the team's agreement and each member's
    stance, stalling, against `Case.week_of_work`."""
    model, agents, ids = draw_state(seed)
    ch = model.cfg.chains
    ch.coordination_hours, ch.path_hours = hours, path_hours
    ch.theme_load, ch.direction, ch.deliberation_rate = theme_load, gate, rate
    book, actors = model.chains, model.actors
    rows = np.arange(book.n_members)  # some members met their team before, with a stance
    met = rows[np.random.default_rng(seed + 3).random(len(rows)) < 0.5]
    book.m_stance[met] = np.random.default_rng(seed + 4).random((len(met), len(THEMES)))
    by_case = views(model, agents, ids)
    rng = np.random.default_rng(seed + 1)
    for c, case in by_case.items():  # some progress made already; some cases did all
        share = 1.5 if rng.random() < 0.3 else done * rng.random()
        book.c_proc_done[c] = case.procedure()[0] * share
        book.c_prep_done[c] = case.prep_hours() * share
        case.proc_done, case.prep_done = float(book.c_proc_done[c]), float(book.c_prep_done[c])
    book.c_stall[ids] = rng.integers(0, 5, len(ids))
    book.c_agreement[ids] = rng.random(len(ids))  # what the teams reached last week
    for c, case in by_case.items():
        case.agreement_last = float(book.c_agreement[c])
    before = {name: getattr(book, name)[ids].copy() for name in ("c_stall", "c_hours_given")}
    before |= {"coordination": book.c_hours_coordination[ids].copy()}
    member_given, actor_given = book.m_hours_given.copy(), actors.hours_given.copy()
    trust_before = model.world.tie_trust.copy()

    coordination.coordinate(model.world)
    trust_after = model.world.tie_trust.copy()
    model.world.tie_trust[:] = trust_before  # the readable week starts from last week's
    teams_of = Counter(
        i for case in by_case.values() for i in {m.actor.index for m in case.members}
    )
    adj = model.adjacency
    for k, (c, case) in enumerate(by_case.items()):
        work = case.week_of_work(model.week)
        assert close(book.c_history[c], case.history_last)
        ids_in = {m.actor.index for m in case.members}
        for m in case.members:  # ties inside the team (of members in no other team)
            i = m.actor.index
            for e in range(adj.indptr[i], adj.indptr[i + 1]):
                j = int(adj.indices[e])
                if j in ids_in and teams_of[i] == teams_of[j] == 1:
                    expected = m.actor.tie_trust_after_week(trust_before[e], work.covered)
                    assert close(trust_after[e], expected)
        assert close(book.c_hours_coordination[c] - before["coordination"][k], work.coordination)
        assert close(book.c_proc_done[c] - case.proc_done, work.procedure)
        assert close(book.c_prep_done[c] - case.prep_done, work.preparation)
        assert close(book.c_hours_given[c] - before["c_hours_given"][k], work.given)
        assert book.c_stall[c] == (before["c_stall"][k] + 1 if work.stuck else 0)
        assert close(book.c_agreement[c], work.agreement)
        for m, r in zip(
            case.members, np.flatnonzero(book.m_case[: book.n_members] == c), strict=True
        ):
            assert close(book.m_hours_given[r] - member_given[r], work.given_by(m.hours_week))
            np.testing.assert_allclose(book.m_stance[r], m.stance, rtol=RTOL, atol=ATOL)
            actor_given[m.actor.index] += work.given_by(m.hours_week)
    np.testing.assert_allclose(actors.hours_given, actor_given, rtol=RTOL, atol=ATOL)


# ------------------------------------------------------------------ ownership and small wins


def everyone_who_put_in(model, agents, c) -> list[Member]:
    """The unpaid members of case `c` who ever were in it (active or not)."""
    book, team = model.chains, []
    for r in np.flatnonzero(book.m_case[: book.n_members] == c):
        if not book.m_paid[r]:
            member = Member(agents[int(book.m_actor[r])], int(book.m_role[r]), 0.0)
            member.hours_given, member.money_given = book.m_hours_given[r], book.m_money_given[r]
            team.append(member)
    return team


@EXAMPLES
@given(seed=SEEDS, wage=st.floats(1.0, 50.0))
def test_ownership_is_each_agents_share(seed, wage):
    """`ownership.own`: each contributor owns the part of a realised case's value added
    that it put in, against `value_put_in` and `ownership_share`."""
    model, agents, ids = draw_state(seed, paid=True)
    model.cfg.mkba.shadow_wage_eur_hour = wage
    book, rng = model.chains, np.random.default_rng(seed + 2)
    rows = np.arange(book.n_members)
    book.m_hours_given[rows] = rng.gamma(1.0, 50.0, len(rows)) * (rng.random(len(rows)) < 0.8)
    book.m_money_given[rows] = rng.gamma(1.0, 500.0, len(rows)) * (rng.random(len(rows)) < 0.3)
    book.m_active[rows[rng.random(len(rows)) < 0.2]] = False  # some left before the end
    book.c_value[ids] = rng.normal(2e4, 3e4, (len(ids), 3))
    realised = ids[rng.random(len(ids)) < 0.7]
    owned = np.zeros(N_ACTORS)
    for c in realised:
        team = everyone_who_put_in(model, agents, c)
        put_in = [m.actor.value_put_in(m.hours_given, m.money_given) for m in team]
        for m, mine in zip(team, put_in, strict=True):
            owned[m.actor.index] += m.actor.ownership_share(mine, put_in, sum(book.c_value[c]))
    before = model.actors.ownership.copy()
    ownership.own(model.world, realised)
    np.testing.assert_allclose(model.actors.ownership - before, owned, rtol=RTOL, atol=ATOL)


@EXAMPLES
@given(seed=SEEDS, gain=st.floats(0, 1), drop=st.floats(0, 0.5), lift=st.floats(0, 1))
def test_small_wins_are_each_agents(seed, gain, drop, lift):
    """`small_wins.small_wins`: trust for the contributors of realised cases, a lower
    threshold and more passion for everyone who saw a win, against `small_win_effect`."""
    model, agents, ids = draw_state(seed, paid=True)
    fb = model.cfg.feedback
    fb.trust_gain, fb.small_win_threshold, fb.small_win_passion = gain, drop, lift
    realised = ids[np.random.default_rng(seed + 3).random(len(ids)) < 0.5]
    wins = Counter(m.actor.index for c in realised for m in everyone_who_put_in(model, agents, c))
    expected = {}
    for i, agent in agents.items():
        saw = wins[i] > 0 or any(wins[other.index] for other in agent.neighbours)
        expected[i] = agent.small_win_effect(wins[i], saw)
    small_wins.small_wins(model.world, realised)
    a = model.actors
    for i, (trust, threshold, passion) in expected.items():
        assert close(a.trust[i], trust)
        assert close(a.threshold[i], threshold)
        assert close(a.passion[i], passion)


@EXAMPLES
@given(
    seed=SEEDS,
    effect=st.floats(0, 1),
    growth=st.floats(0, 1),
    gain=st.floats(0, 1),
    decay=st.floats(0, 1),
    level=st.floats(0, 1),
)
def test_felt_ownership_is_each_agents(seed, effect, growth, gain, decay, level):
    """`eigenaarschap.feel`: felt ownership from the hours given and the say in each chain,
    from the realised cases, decay for those in no chain, and attachment after it, against
    `say_in`, `felt_after_week` and `attachment_now`; the local norm against
    `co_owner_share`."""
    model, agents, ids = draw_state(seed, paid=True)
    cfg = model.cfg.ownership
    cfg.effect, cfg.growth_week, cfg.realised_gain = effect, growth, gain
    cfg.decay_week, cfg.co_owner_level = decay, level
    book, rng, a = model.chains, np.random.default_rng(seed + 5), model.actors
    rows = np.arange(book.n_members)
    book.m_hours_given[rows] = rng.gamma(1.0, 50.0, len(rows)) * (rng.random(len(rows)) < 0.8)
    book.m_active[rows[rng.random(len(rows)) < 0.2]] = False
    realised = ids[rng.random(len(ids)) < 0.4]
    book.c_status[realised] = Status.GEREALISEERD
    team = book.team()
    team = team[np.isin(book.m_case[team], realised, invert=True)]
    gave = book.m_hours_week[team] * rng.random(len(team))
    wage = model.cfg.mkba.shadow_wage_eur_hour

    def put_in(r):
        return book.m_hours_given[r] * wage + book.m_money_pledged[r]

    def says(rows_of_case):
        team_put_in = [put_in(r) for r in rows_of_case]
        return {
            r: agents[int(book.m_actor[r])].say_in(put_in(r), team_put_in) for r in rows_of_case
        }

    worked, seen = defaultdict(list), defaultdict(list)
    for c in ids:
        if c in realised:
            done = [r for r in rows if book.m_case[r] == c and not book.m_paid[r]]
            for r, s in says(done).items():
                seen[int(book.m_actor[r])].append(s)
        else:
            mine = [r for r in team if book.m_case[r] == c]
            for r, s in says(mine).items():
                hours = a.hours_week[book.m_actor[r]]
                invest = gave[list(team).index(r)] / hours if hours > 0 else 0.0
                worked[int(book.m_actor[r])].append((invest, s))
    busy = book.per_actor(a.n)
    norm = eigenaarschap.co_owners(model.world)
    for i in range(0, a.n, 7):
        assert close(agents[i].co_owner_share(), norm[a.buurt[i]])
    expected = {
        i: agent.felt_after_week(worked[i], seen[i], busy[i] == 0) for i, agent in agents.items()
    }
    eigenaarschap.feel(model.world, team, gave, realised)
    for i, felt in expected.items():
        assert close(a.felt[i], felt)
        assert close(a.attachment[i], agents[i].attachment_now())


@EXAMPLES
@given(seed=SEEDS, back=st.floats(0, 1), fade=st.floats(0, 1))
def test_forgetting_is_each_agents(seed, back, fade):
    """`small_wins.forget`: thresholds return towards their start, unused skill fades,
    against `threshold_after_week` and `skill_after_week`."""
    model, agents, _ = draw_state(seed)
    fb, a, rng = model.cfg.feedback, model.actors, np.random.default_rng(seed + 7)
    fb.threshold_recovery_year, fb.skill_forgetting_year = back, fade
    model.world.start["threshold"][:] = rng.random(a.n) * 0.5
    model.world.start["skill"][:] = a.skill * rng.random(a.n) * 1.2
    busy = model.chains.per_actor(a.n)
    expected = {
        i: (g.threshold_after_week(), g.skill_after_week(busy[i] > 0)) for i, g in agents.items()
    }
    small_wins.forget(model.world)
    for i, (threshold, skill) in expected.items():
        assert close(a.threshold[i], threshold) and close(a.skill[i], skill)


# ------------------------------------------------------------------ manipulation checks


@EXAMPLES
@given(seed=SEEDS, in_chain=st.integers(1, 8))
def test_the_rules_move_the_right_way(seed, in_chain):
    """More trust, a higher score; a larger or wider team, more coordination; a win, more
    trust; putting in more, owning more."""
    model, agents, ids = draw_state(seed)
    set_joining(model, True, (1.0, 0.5, 0.3), True, False)
    case = views(model, agents, ids)[int(ids[0])]
    agent, a = agents[int(np.argmax(model.degree))], model.actors
    a.trust[agent.index] = 0.2
    low = agent.join_score(case, in_chain)
    a.trust[agent.index] = 0.9
    assert agent.join_score(case, in_chain) > low
    model.cfg.tussenruimte.deterrence = 1.0  # more friction, a heavier procedure to face
    level = model.tussenruimte.level
    level[:], case.proc_done, case.filed = 0.2, 0.0, -1
    a.hours_week[agent.index] = 10.0  # under the burden's cap of 2
    easy = agent.join_score(case, in_chain), agent.start_probability(0.5, 1)
    level[:] = 0.9
    assert agent.join_score(case, in_chain) < easy[0]
    assert agent.start_probability(0.5, 1) < easy[1]
    n = len(case.members)
    assert case.coordination_hours(n + 5) > case.coordination_hours(n)
    if case.integrality < len(THEMES):
        per_member = case.coordination_hours()
        case.add_theme(case.themes.index(False))
        assert case.coordination_hours() > per_member
    assert agent.small_win_effect(2, True)[0] > agent.small_win_effect(1, True)[0]
    assert agent.small_win_effect(0, True)[1] <= agent.threshold
    assert agent.ownership_share(200.0, [200.0, 100.0], 1e4) > agent.ownership_share(
        100.0, [100.0, 100.0], 1e4
    )
