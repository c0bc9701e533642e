"""Initiation: how cases start (start from the place; theme 1, bottom-up vs top-down).

Bottom-up: an actor perceives the gap between what it values and what its perceel offers
(first moment: understanding area qualities); with passion and attachment it starts a case
on the themes where that gap is largest, less likely where the procedures of its wijk for
the case's scale weigh heavily (tussenruimte, `sim.environment.tussenruimte.burden`).
Top-down: an official starts a case at the perceel of its buurt that falls furthest below
the aspiration, on that perceel's largest gaps; a share of those is outsourced to a contractor
who becomes the initiator (a paid commission, taken whatever the contractor's other
chains). Each case starts with `integrality_appetite` per extra theme, capped by the
strategy's scope.
"""

import numpy as np

from sim.business.procurement import contractors
from sim.chains import roles
from sim.chains.motives import alignment, perceived_gap
from sim.chains.needs import money_needed
from sim.chains.pledging import money_pledge
from sim.config import SCALES
from sim.environment.places import capital_profile
from sim.environment.tussenruimte import start_factor
from sim.vocabulary import THEMES, Kind, Origin, Role
from sim.week import NONE, Started


def choose_scope(gaps: np.ndarray, appetite: float, cap: int, rng) -> np.ndarray:
    """Themes of new cases: the largest gap first, each next one with `appetite`, up to `cap`
    (`rng`: a Generator, or `Streams.at` the cases' initiators)."""
    n, t = gaps.shape
    order = np.argsort(-gaps, axis=1)
    extra = rng.binomial(t - 1, appetite, n)
    k = np.minimum(1 + extra, cap)
    themes = np.zeros((n, t), bool)
    ranks = np.arange(t)[None, :] < k[:, None]
    np.put_along_axis(themes, order, ranks, axis=1)
    return themes


def choose_scale(case_scale: str, n: int, rng) -> np.ndarray:
    """Scale index per new case: the strategy's, or any of the three ('everywhere')."""
    if case_scale == "any":
        return rng.integers(0, len(SCALES), n).astype(np.int8)
    return np.full(n, SCALES.index(case_scale), np.int8)


def start_probability(world, actors, gap, scale) -> np.ndarray:
    """The chance a week that each of `actors` starts a case from below at its home perceel,
    whose perceived gaps sum to `gap`, at `scale`: `bottom_up_rate` x passion x attachment x
    the gap, times `tussenruimte.start_factor` of the case's procedure as the starter alone
    would meet it (an official starter opens room for it)."""
    cfg, st = world.cfg, world.actors
    t = world.tussenruimte
    wijk = world.places.buurt_wijk[st.buurt[actors]]
    friction = t.case_friction(wijk, scale, st.kind[actors] == Kind.AMBTENAAR)
    factor = start_factor(
        cfg.tussenruimte,
        t.procedural_hours(scale, friction),
        t.procedural_weeks(scale, friction),
        st.hours_week[actors],
    )
    return cfg.chains.bottom_up_rate * st.passion[actors] * st.attachment[actors] * gap * factor


def bottom_up(world, free) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who starts a case from below this week, its themes and its scale (`start_probability`);
    `free(actors)` says who may start one."""
    cfg, st, streams = world.cfg, world.actors, world.streams
    # The gap is at most the aspiration, so only actors under that bound need their gap
    # computed (the same draws decide). No actor's bound exceeds the one worked out, in the
    # same order, with the largest passion and attachment (rounding is monotone; the
    # procedure's factor is at most 1), so only actors drawn under that are looked at.
    draw = streams.at().random(st.n)
    rate, aspiration = cfg.chains.bottom_up_rate, cfg.environment.aspiration
    top = rate * st.passion.max() * st.attachment.max() * aspiration * (1 + 1e-9)
    maybe = np.flatnonzero(draw < top)
    bound = rate * st.passion[maybe] * st.attachment[maybe]
    keep = free(maybe) & (draw[maybe] < bound * aspiration * (1 + 1e-9))
    maybe = maybe[keep]
    gaps = perceived_gap(world, maybe)
    scale = choose_scale(cfg.strategy.case_scale, len(maybe), streams.at(maybe))
    starts = draw[maybe] < start_probability(world, maybe, gaps.sum(axis=1), scale)
    starters, gaps, scale = maybe[starts], gaps[starts], scale[starts]
    themes = choose_scope(
        gaps, cfg.chains.integrality_appetite, cfg.strategy.scope_cap, streams.at(starters)
    )
    return starters, themes, scale


def top_down(world, free, starters: np.ndarray):
    """Officials who start a case on the weakest perceel of their buurt, on the policy's
    largest gaps (not those who started one from below this week); a share is outsourced
    to a contractor. Returns (officials, initiators, origins, themes, percelen, outsourced)."""
    cfg, st, streams = world.cfg, world.actors, world.streams
    officials = np.flatnonzero(st.kind == Kind.AMBTENAAR)
    officials = officials[free(officials) & ~np.isin(officials, starters)]
    officials = officials[streams.at(officials).random(len(officials)) < cfg.chains.top_down_rate]
    if len(officials) == 0:
        none = np.zeros(0, np.int64)
        return none, none, none.astype(np.int8), np.zeros((0, len(THEMES)), bool), none, none > 0
    parcel = world.places.weakest_parcel(st.buurt[officials], cfg.environment.aspiration)
    policy_gap = np.clip(cfg.environment.aspiration - world.places.quality[parcel], 0, None)
    draws = streams.at(officials)
    themes = choose_scope(
        policy_gap, cfg.chains.integrality_appetite, cfg.strategy.scope_cap, draws
    )
    initiator = officials.copy()
    origin = np.full(len(officials), Origin.TOP_DOWN, np.int8)
    outsource = draws.random(len(officials)) < cfg.chains.outsourced_share
    if outsource.any():
        initiator[outsource] = contractors(world, officials[outsource])
        origin[outsource] = Origin.OUTSOURCED
    return officials, initiator, origin, themes, parcel, outsource


def initiate(world) -> Started:
    """Start this week's new cases, each with its initiator as first member."""
    cfg, st = world.cfg, world.actors
    busy = world.chains.per_actor(st.n)
    led = roles.leading(world)

    def free(actors):
        """Whether each actor may start a case: below `max_chains` and its lead capacity
        (`sim.chains.roles.can_lead`), with hours to give."""
        return (
            (busy[actors] < cfg.chains.max_chains)
            & roles.can_lead(cfg.chains, led[actors])
            & (st.hours_week[actors] > 0)
        )

    starters, themes, scale = bottom_up(world, free)
    origin = np.full(len(starters), Origin.BOTTOM_UP, np.int8)
    parcel = st.parcel[starters]
    officials, td_initiator, td_origin, td_themes, td_parcel, outsource = top_down(
        world, free, starters
    )
    starters = np.r_[starters, td_initiator]
    origin = np.r_[origin, td_origin]
    themes = np.r_[themes, td_themes]
    parcel = np.r_[parcel, td_parcel]
    if len(starters) == 0:
        return Started(NONE)

    scale = np.r_[
        scale,
        choose_scale(cfg.strategy.case_scale, len(officials), world.streams.at(officials)),
    ]
    ids = world.chains.open_cases(
        origin, starters, parcel, world.places.parcel_buurt[parcel], scale, themes, world.week
    )
    profile = capital_profile(themes)
    align = alignment(world, starters, profile, ids)
    need = money_needed(world, ids)
    pledged = money_pledge(world, starters, need)
    world.chains.add_members(starters, ids, Role.INITIATIEFNEMER, world.week, align, pledged)
    # An outsourced case keeps its commissioning official as supporter (and funder).
    if outsource.any():
        first = len(ids) - len(officials)
        td_ids, funders = ids[first:][outsource], officials[outsource]
        align = alignment(world, funders, profile[first:][outsource], td_ids)
        still = need[first:][outsource] - pledged[first:][outsource]
        world.chains.add_members(
            funders,
            td_ids,
            Role.ONDERSTEUNER,
            world.week,
            align,
            money_pledge(world, funders, still),
        )
    return Started(ids)
