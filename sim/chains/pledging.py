"""Pledging hours and money as a public-goods contribution (collective ownership).

Each actor has a propensity x (0-1): the share of its weekly hours it pledges, split over its
chains, and the share of its free money (times `money_share`) it pledges when it joins. Its
payoff in a chain is a linear public goods game,

    r * sum(x in chain) / members  -  cost(x)  +  w_glow * passion * alignment * x

with x put into every chain (`per_game`) or x split over its chains (`per_individual`), the
two cost schemes of Santos, Santos & Pacheco (2008). Propensities spread by imitation: each
week an actor, with `imitation_rate`, copies a random neighbour's propensity with the Fermi
probability 1 / (1 + exp((P_self - P_other) / K)). With no warm glow (`w_glow=0`), binary
propensities and each actor's neighbourhood as its groups, this is their public goods game
on a network (with Fermi imitation, a common variant of their update rule).
"""

import numpy as np
import scipy.sparse as sp

from sim.agents.roles import COPRODUCENT, COPRODUCER_HOURS, ONDERSTEUNER
from sim.chains.book import MOBILISEREN


def money_pledge(model, actors: np.ndarray, still_needed: np.ndarray) -> np.ndarray:
    """Euro an actor pledges on joining a chain, at most what the case still needed before
    this week's joiners (several joiners may together pledge more; the decision then takes
    each pledge pro rata).

    The pledge is reserved until it is given at the investment decision or released. An
    actor that joins two chains in one call pledges only to the first.
    """
    st = model.actors
    free = (st.money - st.reserved)[actors]
    amount = st.propensity[actors] * model.cfg.pledge.money_share * free
    amount = np.clip(np.minimum(amount, still_needed), 0.0, None)
    _, first = np.unique(actors, return_index=True)
    repeated = np.ones(len(actors), bool)
    repeated[first] = False
    amount[repeated] = 0.0
    np.add.at(st.reserved, actors, amount)
    return amount


def public_goods_payoffs(
    actor: np.ndarray,
    group: np.ndarray,
    x: np.ndarray,
    synergy: float,
    cost_scheme: str,
    n_actors: int,
) -> np.ndarray:
    """Payoff per actor of linear public goods games played in groups.

    `actor[m]` plays in `group[m]` with contribution level `x[m]`; each group's pot, times
    `synergy`, is shared equally among its players. Under `per_game` a contributor puts x
    into every group it plays in; under `per_individual` its x is split equally over its
    groups (Santos, Santos & Pacheco 2008, cost per individual).
    """
    if len(actor) == 0:
        return np.zeros(n_actors)
    size = np.bincount(group)
    games = np.bincount(actor, minlength=n_actors)
    given = x if cost_scheme == "per_game" else x / games[actor]
    pot = np.bincount(group, weights=given)
    share = synergy * pot[group] / size[group]
    return np.bincount(actor, weights=share - given, minlength=n_actors)


def fermi_imitation(
    strategy: np.ndarray,
    payoff: np.ndarray,
    adjacency: sp.csr_matrix,
    rate: float,
    noise: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Each actor, with probability `rate`, copies a random neighbour's strategy (Fermi rule)."""
    n = len(strategy)
    deg = np.diff(adjacency.indptr)
    who = np.flatnonzero((rng.random(n) < rate) & (deg > 0))
    if len(who) == 0:
        return strategy
    pick = adjacency.indptr[who] + (rng.random(len(who)) * deg[who]).astype(np.int64)
    other = adjacency.indices[pick]
    z = np.clip((payoff[who] - payoff[other]) / noise, -50, 50)
    adopt = rng.random(len(who)) < 1.0 / (1.0 + np.exp(z))
    new = strategy.copy()
    new[who[adopt]] = strategy[other[adopt]]
    return new


def pledge(model) -> None:
    """Set this week's hour pledges, roles, and let propensities spread by imitation."""
    cfg, st, book = model.cfg, model.actors, model.chains
    rows = book.active_rows(MOBILISEREN)
    rows = rows[~book.m_paid[rows]]
    actor = book.m_actor[rows]
    chains_of = np.bincount(actor, minlength=st.n)
    book.m_hours_week[rows] = st.propensity[actor] * st.hours_week[actor] / chains_of[actor]
    book.m_hours_pledged[rows] += book.m_hours_week[rows]

    # Roles follow what members put in: co-producers pledge real hours or money.
    worker = rows[np.isin(book.m_role[rows], (COPRODUCENT, ONDERSTEUNER))]
    a_year_of_hours = COPRODUCER_HOURS * 52 * cfg.mkba.shadow_wage_eur_hour
    big = (book.m_hours_week[worker] >= COPRODUCER_HOURS) | (
        book.m_money_pledged[worker] >= a_year_of_hours
    )
    book.set_role(worker[big], COPRODUCENT)
    book.set_role(worker[~big], ONDERSTEUNER)

    # Public goods payoffs in the chains, plus the warm glow of passion, then imitation.
    x = st.propensity[actor]
    payoff = public_goods_payoffs(
        actor, book.m_case[rows], x, cfg.pledge.synergy, cfg.pledge.cost_scheme, st.n
    )
    glow = cfg.pledge.w_glow * st.passion[actor] * book.m_alignment[rows] * x
    payoff += np.bincount(actor, weights=glow, minlength=st.n)
    st.propensity[:] = fermi_imitation(
        st.propensity,
        payoff,
        model.adjacency,
        cfg.pledge.imitation_rate,
        cfg.pledge.selection_noise,
        model.rng,
    )
