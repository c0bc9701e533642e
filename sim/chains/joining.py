"""Mobilising: invitation through the network and joining as a threshold decision.

An invitation reaches the network neighbours of a chain's members (and, under an open
invitation, everyone living where the case is). Actor i joins case c when

    w_influence * trust_i * influence_ic + w_alignment * alignment_ic - w_cost * cost_ic
        - burden_ic >= threshold_i

where influence is the share (or number, `threshold_kind=absolute`) of i's neighbours already
in the chain, each tie counted by its trust (social influence, `sim.chains.trusted_ties`),
alignment is how well the case's capitals match i's values, stronger where i is attached to
the place, cost is the coordination hours a member must attend as a share of i's hours,
and burden is the case's procedure still to come as i would share it (tussenruimte:
`sim.environment.tussenruimte.burden`; both counted up to 2).
The threshold is lower where many of i's buurt feel co-owner (`sim.chains.eigenaarschap`).
With trust 1 and the alignment and cost weights 0, this is Granovetter's (1978) and Watts's
(2002) threshold model.

The value-added filter ("je bent ervan als je waarde toevoegt", theme 2) admits only those
who would add at least `min_value_added_eur_week`, and removes members who stop adding it.
"""

import numpy as np

from sim.chains import roles, trusted_ties
from sim.chains.book import MOBILISEREN
from sim.chains.coordination import coordination_per_member
from sim.chains.eigenaarschap import norm_factor, pledge_share, staying
from sim.chains.motives import alignment
from sim.chains.needs import money_needed
from sim.chains.pledging import money_pledge
from sim.environment import tussenruimte
from sim.environment.network import neighbour_counts
from sim.environment.places import capital_profile
from sim.vocabulary import THEMES, WEEKS_PER_YEAR, Role, Scale
from sim.week import NONE, Joined, Left


def thresholds(cfg, n: int, rng: np.random.Generator) -> np.ndarray:
    """Each actor's joining threshold: the configured one, or (heterogeneous population) a
    normal draw around it, not below zero."""
    if not cfg.population.heterogeneity:
        return np.full(n, cfg.chains.threshold)
    return np.clip(rng.normal(cfg.chains.threshold, cfg.chains.threshold_sd, n), 0, None)


def join_score(cfg, trust, influence, align, cost, burden) -> np.ndarray:
    """The threshold rule's left-hand side: social influence weighted by trust, plus
    alignment, minus the coordination cost (as a share of the actor's hours) and the
    procedural burden, each at most 2."""
    return (
        cfg.w_influence * trust * influence
        + cfg.w_alignment * align
        - cfg.w_cost * np.minimum(cost, 2.0)
        - np.minimum(burden, 2.0)
    )


def join_burden(world, cases, members_now, actor, local) -> np.ndarray:
    """The procedural burden of each invitation (actor, local case `cases[local]`): an equal
    share, with the joiner, of the procedure hours the case has still to do, and the weeks
    its permits still take."""
    need, weeks = tussenruimte.procedure(world, cases)
    todo = np.maximum(need - world.chains.c_proc_done[cases], 0.0) / (members_now + 1)
    left = tussenruimte.waiting_left(world, cases, weeks)
    hours = world.actors.hours_week[actor]
    return tussenruimte.burden(world.cfg.tussenruimte, todo[local], left[local], hours)


def expected_value_added(world, actors, busy) -> np.ndarray:
    """Euro a week an actor would add to one more chain: its hours plus its money over a year."""
    st, cfg = world.actors, world.cfg
    share = pledge_share(cfg.ownership, st.propensity[actors], st.felt[actors])
    hours = share * st.hours_week[actors] / (busy[actors] + 1)
    money = share * cfg.pledge.money_share * (st.money - st.reserved)[actors]
    return hours * cfg.mkba.shadow_wage_eur_hour + money / WEEKS_PER_YEAR


def _place_pairs(world, cases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(actor, local case) pairs for everyone living where each case is (open invitation).

    Actors are numbered by home buurt and buurten by wijk, so each case's residents are one
    contiguous range of actor ids.
    """
    st, book, places = world.actors, world.chains, world.places
    buurt = book.c_buurt[cases]
    first, last = buurt.copy(), buurt.copy()
    wijk = book.c_scale[cases] == Scale.WIJK
    first[wijk], last[wijk] = places.wijk_buurten(places.buurt_wijk[buurt[wijk]])
    lo = np.searchsorted(st.buurt, first, side="left")
    hi = np.searchsorted(st.buurt, last, side="right")
    size = hi - lo
    local = np.repeat(np.arange(len(cases)), size)
    actors = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size) + np.repeat(lo, size)
    return actors, local


def _is_member(keys: np.ndarray, member_keys: np.ndarray) -> np.ndarray:
    """Which of the sorted, distinct (actor, case) `keys` are already members.

    Looks the (fewer) member keys up in the keys, rather than every key in the members.
    """
    at = np.searchsorted(keys, member_keys)
    inside = at < len(keys)
    at = at[inside]
    hit = np.zeros(len(keys), bool)
    hit[at[keys[at] == member_keys[inside]]] = True
    return hit


def _any_per_actor(actor: np.ndarray, flag: np.ndarray) -> np.ndarray:
    """For pairs sorted by actor: whether any pair of the same actor has `flag`."""
    starts = np.flatnonzero(np.r_[True, actor[1:] != actor[:-1]])
    return np.repeat(np.logical_or.reduceat(flag, starts), np.diff(np.r_[starts, len(actor)]))


def invitations(world, cases: np.ndarray, rows: np.ndarray):
    """The (actor, local case, neighbours in the chain) invitations of the week that can
    end in a join: through the members' ties (and, under an open invitation, to everyone
    living where the case is), to actors not yet in the chain, free to take one, paying
    attention, of chains with room, adding enough value under the filter.

    `rows` are the cases' active memberships; local case i is `cases[i]`. Returns the pairs
    and, per pair, the value the actor would add.
    """
    cfg, st, book = world.cfg, world.actors, world.chains
    member_actor, member_local = book.m_actor[rows], book.local(cases, rows)
    actor, local, count = neighbour_counts(
        world.adjacency, member_actor, member_local, len(cases), trusted_ties.weights(world)
    )
    if cfg.strategy.invitation == "open":
        pa, pl = _place_pairs(world, cases)
        actor, local = np.r_[actor, pa], np.r_[local, pl]
        count = np.r_[count, np.zeros(len(pa))]
        _, first = np.unique(actor * len(cases) + local, return_index=True)
        actor, local, count = actor[first], local[first], count[first]

    # Who considers an invitation this week, and is free to take it.
    busy = book.per_actor(st.n)
    already = _is_member(actor * len(cases) + local, member_actor * len(cases) + member_local)
    free = (busy < cfg.chains.max_chains) & (st.hours_week > 0)  # per actor, read per pair
    ok = (
        ~already
        & free[actor]
        & (world.streams.at(actor).random(len(actor)) < attention(world, cases, rows)[local])
    )
    # (Indices rather than boolean masks: the same selection, several times faster here.)
    ok = np.flatnonzero(ok)
    actor, local, count = actor[ok], local[ok], count[ok]
    room = cfg.strategy.team_size_cap - np.bincount(member_local, minlength=len(cases))
    # Only the invitations that can still end in a join need a score: an actor whose every
    # invitation comes from a chain at its team-size cap joins nothing this week, and the
    # value-added filter (on the actor, not the chain) holds for all of an actor's pairs.
    if len(actor):
        keep = np.flatnonzero(_any_per_actor(actor, room[local] > 0))
        actor, local, count = actor[keep], local[keep], count[keep]
    value = expected_value_added(world, actor, busy)
    if cfg.strategy.value_added_filter:
        keep = np.flatnonzero(value >= cfg.chains.min_value_added_eur_week)
        actor, local, count, value = actor[keep], local[keep], count[keep], value[keep]
    return actor, local, count, value


def attention(world, cases: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The probability that an invitation of each of the `cases` (members `rows`) is
    considered this week: `chains.attention`, raised by its members' mean felt ownership
    (owners invite); 0 for a chain without an initiator (`sim.chains.roles.leaderless`)."""
    cfg, book = world.cfg, world.chains
    members = book.per_case(rows)[cases]
    mean = book.per_case(rows, world.actors.felt[book.m_actor[rows]])[cases] / np.maximum(
        members, 1
    )
    led = np.ones(book.n_cases)
    led[roles.leaderless(world)] = 0.0  # a chain without an initiator invites nobody
    return np.minimum(cfg.chains.attention * (1.0 + cfg.ownership.effect * mean), 1.0) * led[cases]


def mobilise(world) -> Joined:
    """Invite, decide to join (threshold rule), admit within the team cap, creep scope."""
    cfg, st, book = world.cfg, world.actors, world.chains
    cases = book.cases_in(MOBILISEREN)
    if len(cases) == 0:
        return Joined(NONE, 0)
    rows = book.active_rows(MOBILISEREN)
    actor, local, count, value = invitations(world, cases, rows)
    if len(actor) == 0:
        return Joined(NONE, 0)
    case = cases[local]
    members_now = book.per_case(rows)[cases]
    score, align = invitation_scores(world, cases, members_now, actor, local, count)
    joins = np.flatnonzero(score >= st.threshold[actor] * norm_factor(world, actor))
    actor, case, local, score, value, align = (
        a[joins] for a in (actor, case, local, score, value, align)
    )
    actor, case, align = admit(cfg, actor, case, local, score, value, align, members_now)
    if len(actor) == 0:
        return Joined(NONE, 0)
    pledged = book.per_case(rows, book.m_money_pledged[rows])
    still = np.clip(money_needed(world, case) - pledged[case], 0, None)
    new = book.add_members(
        actor, case, Role.COPRODUCENT, world.week, align, money_pledge(world, actor, still)
    )
    return Joined(new, creep(world, actor, case))


def invitation_scores(world, cases, members_now, actor, local, count):
    """The threshold rule's score and the alignment of each invitation (actor, local case
    `cases[local]`, `count` neighbours in the chain), the cases having `members_now`
    members. What depends on the chain alone is worked out once a chain."""
    cfg, st, book = world.cfg, world.actors, world.chains
    if cfg.chains.threshold_kind == "fractional":
        degree = trusted_ties.weighted_degree(world, actor)
        influence = np.divide(count, degree, out=np.zeros(len(count)), where=degree > 0)
    else:
        influence = count
    per_member = coordination_per_member(cfg.chains, members_now + 1, book.integrality(cases))
    per_member = per_member * trusted_ties.familiarity(cfg.chains, book.c_history[cases])
    cost = per_member[local] / np.maximum(st.hours_week[actor], 0.1)
    profile = capital_profile(book.c_themes[cases])
    align = alignment(world, actor, profile, cases[local], rows=local)
    burden = join_burden(world, cases, members_now, actor, local)
    return join_score(cfg.chains, st.trust[actor], influence, align, cost, burden), align


def admit(cfg, actor, case, local, score, value, align, members_now):
    """Each actor takes its best invitation of the week; a chain admits up to its team-size
    cap, under the filter those who add most value first, else the keenest. Returns the
    admitted (actor, case, alignment)."""
    if len(actor) == 0:
        return actor, case, align
    order = np.lexsort((-score, actor))
    first = order[np.r_[True, actor[order][1:] != actor[order][:-1]]]
    actor, case, local, score, value, align = (
        a[first] for a in (actor, case, local, score, value, align)
    )
    priority = value if cfg.strategy.value_added_filter else score
    order = np.lexsort((-priority, local))
    rank = np.arange(len(order)) - np.searchsorted(local[order], local[order])
    room = cfg.strategy.team_size_cap - members_now
    keep = order[rank < room[local[order]]]
    return actor[keep], case[keep], align[keep]


def creep(world, actor, case) -> int:
    """Scope creep: a joiner may add its own first theme, up to the strategy's scope cap.
    Returns the number of themes added."""
    cfg, book = world.cfg, world.chains
    wants = world.theme_preference[actor].argmax(axis=1)
    adds = world.streams.at(actor).random(len(actor)) < cfg.chains.scope_creep
    case, theme = case[adds], wants[adds]
    new = ~book.c_themes[case, theme]
    pairs = np.unique(case[new] * len(THEMES) + theme[new])
    case, theme = pairs // len(THEMES), pairs % len(THEMES)
    rank = np.arange(len(case)) - np.searchsorted(case, case)
    room = cfg.strategy.scope_cap - book.integrality(case)
    keep = rank < room
    book.c_themes[case[keep], theme[keep]] = True
    return world.streams.count(keep, book.c_initiator[case])


def leave(world) -> Left:
    """Members drift away (churn); under the filter, those who add too little are let go.
    Chains whose initiator left, or that have none, look for one (`sim.chains.roles`)."""
    cfg, book, st = world.cfg, world.chains, world.actors
    rows = book.team(MOBILISEREN)
    churn = cfg.chains.churn_week * staying(cfg.ownership, st.felt[book.m_actor[rows]])
    go = world.streams.at(book.m_actor[rows]).random(len(rows)) < churn
    if cfg.strategy.value_added_filter:
        adds = (
            book.m_hours_week[rows] * cfg.mkba.shadow_wage_eur_hour
            + book.m_money_pledged[rows] / WEEKS_PER_YEAR
        )
        weeks_in = world.week - book.m_week_joined[rows]
        go |= (weeks_in >= 4) & (adds < cfg.chains.min_value_added_eur_week)
    gone = rows[go]
    book.release_pledges(gone, st.reserved)
    book.leave(gone, world.week)
    led = book.m_case[gone[book.m_role[gone] == Role.INITIATIEFNEMER]]
    took_over = roles.initiator_left(world, led)
    # Chains left without anyone who could take over try again each week.
    again = roles.succeed(world, np.setdiff1d(roles.leaderless(world), led))
    return Left(gone, np.r_[took_over, again])
