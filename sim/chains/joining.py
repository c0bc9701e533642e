"""Mobilising: invitation through the network and joining as a threshold decision.

An invitation reaches the network neighbours of a chain's members (and, under an open
invitation, everyone living where the case is). Actor i joins case c when

    w_influence * trust_i * influence_ic + w_alignment * alignment_ic - w_cost * cost_ic
        >= threshold_i

where influence is the share (or number, `threshold_kind=absolute`) of i's neighbours already
in the chain (social influence), alignment is how well the case's capitals match i's values,
stronger where i is attached to the place, and cost is the coordination hours a member must
attend as a share of i's hours. With trust 1 and the alignment and cost weights 0, this is
Granovetter's (1978) and Watts's (2002) threshold model.

The value-added filter ("je bent ervan als je waarde toevoegt", theme 2) admits only those
who would add at least `min_value_added_eur_week`, and removes members who stop adding it.
"""

import numpy as np

from sim.agents.roles import COPRODUCENT, INITIATIEFNEMER
from sim.chains.book import MOBILISEREN
from sim.chains.motives import alignment
from sim.chains.needs import capital_profile, money_needed
from sim.chains.pledging import money_pledge
from sim.environment.network import neighbour_counts
from sim.environment.places import THEMES
from sim.vocabulary import Scale


def coordination_per_member(cfg, members, themes) -> np.ndarray:
    """Weekly coordination hours each member attends: grows with members and integrality."""
    return (
        cfg.coordination_hours
        * np.maximum(members, 1) ** cfg.coordination_members_exp
        * np.maximum(themes, 1) ** cfg.coordination_themes_exp
    )


def expected_value_added(model, actors, busy) -> np.ndarray:
    """Euro a week an actor would add to one more chain: its hours plus its money over a year."""
    st, cfg = model.actors, model.cfg
    hours = st.propensity[actors] * st.hours_week[actors] / (busy[actors] + 1)
    money = st.propensity[actors] * cfg.pledge.money_share * (st.money - st.reserved)[actors]
    return hours * cfg.mkba.shadow_wage_eur_hour + money / 52.0


def _place_pairs(model, cases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(actor, local case) pairs for everyone living where each case is (open invitation).

    Actors are numbered by home buurt and buurten by wijk, so each case's residents are one
    contiguous range of actor ids.
    """
    st, book, places = model.actors, model.chains, model.places
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


def mobilise(model) -> None:
    """Invite, decide to join (threshold rule), admit within the team cap, creep scope."""
    cfg, st, book, rng = model.cfg, model.actors, model.chains, model.rng
    cases = np.flatnonzero(book.c_status[: book.n_cases] == MOBILISEREN)
    if len(cases) == 0:
        return
    local_of = np.full(book.n_cases, -1)
    local_of[cases] = np.arange(len(cases))
    rows = book.active_rows(MOBILISEREN)
    member_actor, member_local = book.m_actor[rows], local_of[book.m_case[rows]]
    actor, local, count = neighbour_counts(model.adjacency, member_actor, member_local, len(cases))
    if cfg.strategy.invitation == "open":
        pa, pl = _place_pairs(model, cases)
        actor, local = np.r_[actor, pa], np.r_[local, pl]
        count = np.r_[count, np.zeros(len(pa))]
        _, first = np.unique(actor * len(cases) + local, return_index=True)
        actor, local, count = actor[first], local[first], count[first]

    # Who considers an invitation this week, and is free to take it.
    busy = book.per_actor(st.n)
    already = _is_member(actor * len(cases) + local, member_actor * len(cases) + member_local)
    free = (busy < cfg.chains.max_chains) & (st.hours_week > 0)  # per actor, read per pair
    ok = ~already & free[actor] & (rng.random(len(actor)) < cfg.chains.attention)
    # (Indices rather than boolean masks: the same selection, several times faster here.)
    ok = np.flatnonzero(ok)
    actor, local, count = actor[ok], local[ok], count[ok]
    members_now = np.bincount(member_local, minlength=len(cases))
    room = cfg.strategy.team_size_cap - members_now
    # Only the invitations that can still end in a join need a score: an actor whose every
    # invitation comes from a chain at its team-size cap joins nothing this week, and the
    # value-added filter (on the actor, not the chain) holds for all of an actor's pairs.
    if len(actor):
        keep = np.flatnonzero(_any_per_actor(actor, room[local] > 0))
        actor, local, count = actor[keep], local[keep], count[keep]
    value = expected_value_added(model, actor, busy)
    if cfg.strategy.value_added_filter:
        keep = np.flatnonzero(value >= cfg.chains.min_value_added_eur_week)
        actor, local, count, value = actor[keep], local[keep], count[keep], value[keep]
    if len(actor) == 0:
        return
    case = cases[local]

    # The threshold decision; what depends on the chain alone is worked out once a chain.
    if cfg.chains.threshold_kind == "fractional":
        influence = count / np.maximum(model.degree[actor], 1)
    else:
        influence = count
    per_member = coordination_per_member(cfg.chains, members_now + 1, book.integrality(cases))
    cost = per_member[local] / np.maximum(st.hours_week[actor], 0.1)
    align = alignment(model, actor, capital_profile(book.c_themes[cases]), case, rows=local)
    score = (
        cfg.chains.w_influence * st.trust[actor] * influence
        + cfg.chains.w_alignment * align
        - cfg.chains.w_cost * np.minimum(cost, 2.0)
    )
    joins = np.flatnonzero(score >= st.threshold[actor])
    actor, case, local, score, value, align = (
        a[joins] for a in (actor, case, local, score, value, align)
    )
    if len(actor) == 0:
        return

    # Each actor takes its best invitation of the week; a chain admits up to its team-size
    # cap, under the filter those who add most value first, else the keenest.
    order = np.lexsort((-score, actor))
    first = order[np.r_[True, actor[order][1:] != actor[order][:-1]]]
    actor, case, local, score, value, align = (
        a[first] for a in (actor, case, local, score, value, align)
    )
    priority = value if cfg.strategy.value_added_filter else score
    order = np.lexsort((-priority, local))
    rank = np.arange(len(order)) - np.searchsorted(local[order], local[order])
    keep = order[rank < room[local[order]]]
    actor, case, align = actor[keep], case[keep], align[keep]
    if len(actor) == 0:
        return
    pledged = np.bincount(book.m_case[rows], book.m_money_pledged[rows], minlength=book.n_cases)
    still = np.clip(money_needed(model, case) - pledged[case], 0, None)
    book.add_members(actor, case, COPRODUCENT, model.week, align, money_pledge(model, actor, still))
    creep(model, actor, case)


def creep(model, actor, case) -> None:
    """Scope creep: a joiner may add its own first theme, up to the strategy's scope cap."""
    cfg, book = model.cfg, model.chains
    wants = model.theme_preference[actor].argmax(axis=1)
    adds = model.rng.random(len(actor)) < cfg.chains.scope_creep
    case, theme = case[adds], wants[adds]
    new = ~book.c_themes[case, theme]
    pairs = np.unique(case[new] * len(THEMES) + theme[new])
    case, theme = pairs // len(THEMES), pairs % len(THEMES)
    rank = np.arange(len(case)) - np.searchsorted(case, case)
    room = cfg.strategy.scope_cap - book.integrality(case)
    keep = rank < room
    book.c_themes[case[keep], theme[keep]] = True


def leave(model) -> None:
    """Members drift away (churn); under the filter, those who add too little are let go."""
    cfg, book, st = model.cfg, model.chains, model.actors
    rows = book.active_rows(MOBILISEREN)
    rows = rows[~book.m_paid[rows]]
    go = model.rng.random(len(rows)) < cfg.chains.churn_week
    if cfg.strategy.value_added_filter:
        adds = (
            book.m_hours_week[rows] * cfg.mkba.shadow_wage_eur_hour
            + book.m_money_pledged[rows] / 52.0
        )
        weeks_in = model.week - book.m_week_joined[rows]
        go |= (weeks_in >= 4) & (adds < cfg.chains.min_value_added_eur_week)
    gone = rows[go]
    if len(gone) == 0:
        return
    np.subtract.at(st.reserved, book.m_actor[gone], book.m_money_pledged[gone])
    np.maximum(st.reserved, 0.0, out=st.reserved)
    book.m_money_pledged[gone] = 0.0
    book.leave(gone, model.week)
    succeed(model, book.m_case[gone[book.m_role[gone] == INITIATIEFNEMER]])


def succeed(model, cases) -> None:
    """A chain whose initiator left gets a new one: the member who pledges most hours."""
    book = model.chains
    if len(cases) == 0:
        return
    rows = book.active_rows(MOBILISEREN)
    rows = rows[np.isin(book.m_case[rows], cases) & ~book.m_paid[rows]]
    if len(rows) == 0:
        return
    order = np.lexsort((-book.m_hours_week[rows], book.m_case[rows]))
    rows = rows[order]
    heads = rows[np.r_[True, book.m_case[rows][1:] != book.m_case[rows][:-1]]]
    book.set_role(heads, INITIATIEFNEMER)
