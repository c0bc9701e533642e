"""Initiation: how cases start (start from the place; theme 1, bottom-up vs top-down).

Bottom-up: an actor perceives the gap between what it values and what its perceel offers
(first moment: understanding area qualities); with passion and attachment it starts a case
on the themes where that gap is largest. Top-down: an official starts a case at the perceel
of its buurt that falls furthest below the aspiration, on that perceel's largest gaps; a
share of those is outsourced to a contractor who becomes the initiator (a paid commission,
taken whatever the contractor's other chains). Each case starts with `integrality_appetite`
per extra theme, capped by the strategy's scope.
"""

import numpy as np

from sim.agents.roles import INITIATIEFNEMER, ONDERSTEUNER
from sim.chains.motives import alignment, perceived_gap
from sim.chains.needs import capital_profile, money_needed
from sim.chains.pledging import money_pledge
from sim.chains.realisation import contractors
from sim.config import SCALES
from sim.vocabulary import Kind

BOTTOM_UP, TOP_DOWN, OUTSOURCED = 0, 1, 2


def choose_scope(gaps: np.ndarray, appetite: float, cap: int, rng) -> np.ndarray:
    """Themes of new cases: the largest gap first, each next one with `appetite`, up to `cap`."""
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


def initiate(model) -> None:
    """Start this week's new cases, each with its initiator as first member."""
    cfg, st, rng = model.cfg, model.actors, model.rng
    busy = model.chains.per_actor(st.n)

    def free(actors):
        """Whether each actor may start a case: below `max_chains`, with hours to give."""
        return (busy[actors] < cfg.chains.max_chains) & (st.hours_week[actors] > 0)

    # Bottom-up: passion x attachment x perceived gap. The gap is at most the aspiration, so
    # only actors under that bound need their gap computed (the same draws decide). No
    # actor's bound exceeds the one worked out, in the same order, with the largest passion
    # and attachment (rounding is monotone), so only actors drawn under that are looked at.
    draw = rng.random(st.n)
    rate, aspiration = cfg.chains.bottom_up_rate, cfg.environment.aspiration
    top = rate * st.passion.max() * st.attachment.max() * aspiration * (1 + 1e-9)
    maybe = np.flatnonzero(draw < top)
    bound = rate * st.passion[maybe] * st.attachment[maybe]
    keep = free(maybe) & (draw[maybe] < bound * aspiration * (1 + 1e-9))
    maybe, bound = maybe[keep], bound[keep]
    gaps = perceived_gap(model, maybe)
    starts = draw[maybe] < bound * gaps.sum(axis=1)
    starters, gaps = maybe[starts], gaps[starts]
    origin = np.full(len(starters), BOTTOM_UP, np.int8)
    themes = choose_scope(gaps, cfg.chains.integrality_appetite, cfg.strategy.scope_cap, rng)
    parcel = st.parcel[starters]

    # Top-down: officials on the weakest perceel of their buurt, themes by the policy's gap.
    # (An official who started a case bottom-up this week starts no second one.)
    officials = np.flatnonzero(st.kind == Kind.AMBTENAAR)
    officials = officials[free(officials) & ~np.isin(officials, starters)]
    officials = officials[rng.random(len(officials)) < cfg.chains.top_down_rate]
    if len(officials):
        td_parcel = model.places.weakest_parcel(st.buurt[officials], cfg.environment.aspiration)
        policy_gap = np.clip(cfg.environment.aspiration - model.places.quality[td_parcel], 0, None)
        td_themes = choose_scope(
            policy_gap, cfg.chains.integrality_appetite, cfg.strategy.scope_cap, rng
        )
        td_initiator = officials.copy()
        td_origin = np.full(len(officials), TOP_DOWN, np.int8)
        outsource = rng.random(len(officials)) < cfg.chains.outsourced_share
        if outsource.any():
            td_initiator[outsource] = contractors(model, outsource.sum())
            td_origin[outsource] = OUTSOURCED
        starters = np.r_[starters, td_initiator]
        origin = np.r_[origin, td_origin]
        themes = np.r_[themes, td_themes]
        parcel = np.r_[parcel, td_parcel]
    else:
        outsource = np.zeros(0, bool)
    if len(starters) == 0:
        return

    scale = choose_scale(cfg.strategy.case_scale, len(starters), rng)
    ids = model.chains.open_cases(
        origin, starters, parcel, model.places.parcel_buurt[parcel], scale, themes, model.week
    )
    profile = capital_profile(themes)
    align = alignment(model, starters, profile, ids)
    need = money_needed(model, ids)
    pledged = money_pledge(model, starters, need)
    model.chains.add_members(starters, ids, INITIATIEFNEMER, model.week, align, pledged)
    # An outsourced case keeps its commissioning official as supporter (and funder).
    if outsource.any():
        first = len(ids) - len(officials)
        td_ids, funders = ids[first:][outsource], officials[outsource]
        align = alignment(model, funders, profile[first:][outsource], td_ids)
        still = need[first:][outsource] - pledged[first:][outsource]
        model.chains.add_members(
            funders, td_ids, ONDERSTEUNER, model.week, align, money_pledge(model, funders, still)
        )
