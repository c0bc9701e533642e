"""Pledging hours and money as a public-goods contribution (collective ownership).

Each actor has a propensity x (0-1): the share of its weekly hours it pledges, split over its
chains, and the share of its free money (times `money_share`) it pledges when it joins; felt
ownership raises both (`sim.chains.eigenaarschap.pledge_share`). Its
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

from sim.chains import roles
from sim.chains.book import sorted_unique
from sim.chains.eigenaarschap import pledge_share
from sim.streams import Streams
from sim.week import Pledged


def propensities(cfg, passion: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each actor's starting propensity: the configured one, or (heterogeneous population)
    a beta draw around it, higher with passion."""
    if not cfg.population.heterogeneity:
        return np.full(len(passion), cfg.pledge.propensity)
    p = cfg.pledge.propensity * (0.5 + passion)
    return np.clip(rng.beta(4 * p.clip(0.02, 0.98), 4 * (1 - p).clip(0.02, 0.98)), 0, 1)


def money_pledge(world, actors: np.ndarray, still_needed: np.ndarray) -> np.ndarray:
    """Euro an actor pledges on joining a chain, at most what the case still needed before
    this week's joiners (several joiners may together pledge more; the decision then takes
    each pledge pro rata).

    The pledge is reserved until it is given at the investment decision or released. An
    actor that joins two chains in one call pledges only to the first.
    """
    st = world.actors
    free = (st.money - st.reserved)[actors]
    share = pledge_share(world.cfg.ownership, st.propensity[actors], st.felt[actors])
    amount = share * world.cfg.pledge.money_share * free
    amount = np.clip(np.minimum(amount, still_needed), 0.0, None)
    _, first = np.unique(actors, return_index=True)
    repeated = np.ones(len(actors), bool)
    repeated[first] = False
    amount[repeated] = 0.0
    np.add.at(st.reserved, actors, amount)
    return amount


def _game_payoffs(actor, group, x, synergy: float, cost_scheme: str, games) -> np.ndarray:
    """Each player's payoff from each game it plays: its share of the pot minus what it gave.

    `games[a]` is the number of games actor a plays (only `per_individual` needs it).
    """
    size = np.bincount(group)
    given = x if cost_scheme == "per_game" else x / games[actor]
    pot = np.bincount(group, weights=given)
    share = synergy * pot[group] / size[group]
    return share - given


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
    games = np.bincount(actor, minlength=n_actors)
    terms = _game_payoffs(actor, group, x, synergy, cost_scheme, games)
    return np.bincount(actor, weights=terms, minlength=n_actors)


def imitation_partners(
    degree: np.ndarray, adjacency: sp.csr_matrix, rate: float, streams: Streams
) -> tuple[np.ndarray, np.ndarray]:
    """Who imitates this week (each actor with ties, with probability `rate`), and whom:
    a random neighbour. `degree` is the number of ties of each actor; `streams` the runs'
    random streams (`sim.streams`)."""
    who = np.flatnonzero(streams.at().random(len(degree)) < rate)
    who = who[degree[who] > 0]
    if len(who) == 0:
        return who, who
    draw = streams.at(who).random(len(who))
    pick = adjacency.indptr[who] + (draw * degree[who]).astype(np.int64)
    return who, adjacency.indices[pick]


def fermi_adopts(
    payoff_self: np.ndarray, payoff_other: np.ndarray, noise: float, rng: np.random.Generator
) -> np.ndarray:
    """Whether each imitator adopts: probability 1 / (1 + exp((P_self - P_other) / K))."""
    return rng.random(len(payoff_self)) < fermi_probability(payoff_self, payoff_other, noise)


def fermi_probability(payoff_self, payoff_other, noise: float) -> np.ndarray:
    """The Fermi rule's probability of adopting the other's strategy,
    1 / (1 + exp((P_self - P_other) / K))."""
    z = np.clip((payoff_self - payoff_other) / noise, -50, 50)
    return 1.0 / (1.0 + np.exp(z))


def fermi_imitation(
    strategy: np.ndarray,
    payoff: np.ndarray,
    adjacency: sp.csr_matrix,
    rate: float,
    noise: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Each actor, with probability `rate`, copies a random neighbour's strategy (Fermi rule)."""
    streams = Streams.single(rng, len(strategy))
    who, other = imitation_partners(np.diff(adjacency.indptr), adjacency, rate, streams)
    if len(who) == 0:
        return strategy
    adopt = fermi_adopts(payoff[who], payoff[other], noise, rng)
    new = strategy.copy()
    new[who[adopt]] = strategy[other[adopt]]
    return new


def pledge(world) -> Pledged:
    """Set this week's roles and hour pledges (a supporter gives less of the hours it could,
    `sim.chains.roles`), and let propensities spread by imitation."""
    cfg, st, book = world.cfg, world.actors, world.chains
    rows = book.team()
    actor = book.m_actor[rows]
    chains_of = np.bincount(actor, minlength=st.n)
    share = pledge_share(cfg.ownership, st.propensity[actor], st.felt[actor])
    could_give = share * st.hours_week[actor] / chains_of[actor]
    roles.assign_roles(world, rows, could_give)
    book.m_hours_week[rows] = could_give * roles.hours_factor(cfg.chains, book.m_role[rows])
    book.m_hours_pledged[rows] += book.m_hours_week[rows]

    # Public goods payoffs in the chains, plus the warm glow of passion, then imitation
    # (`fermi_imitation`, with the payoffs worked out only for the actors who compare).
    hours = world.streams.total(book.m_hours_week[rows], actor)
    who, other = imitation_partners(
        world.degree, world.adjacency, cfg.pledge.imitation_rate, world.streams
    )
    if len(who) == 0:
        return Pledged(hours, 0)
    compared = sorted_unique(np.r_[who, other])
    payoff = chain_payoffs(world, rows, chains_of, compared)
    adopt = fermi_adopts(
        payoff[np.searchsorted(compared, who)],
        payoff[np.searchsorted(compared, other)],
        cfg.pledge.selection_noise,
        world.streams.at(who),
    )
    st.propensity[who[adopt]] = st.propensity[other[adopt]]
    return Pledged(hours, world.streams.count(adopt, who))


def chain_payoffs(world, rows, chains_of, actors) -> np.ndarray:
    """This week's payoff of each of the sorted `actors`: the public goods games of the
    team memberships `rows` (`chains_of[a]`: how many actor a plays) plus the warm glow of
    passion, `w_glow * passion * alignment * x` per chain."""
    cfg, st, book = world.cfg.pledge, world.actors, world.chains
    actor = book.m_actor[rows]
    x = st.propensity[actor]
    terms = _game_payoffs(actor, book.m_case[rows], x, cfg.synergy, cfg.cost_scheme, chains_of)
    glow = cfg.w_glow * st.passion[actor] * book.m_alignment[rows] * x
    return _payoffs_of(actors, actor, terms, glow)


def _payoffs_of(actors: np.ndarray, actor: np.ndarray, terms, glow) -> np.ndarray:
    """Total payoff of each of the sorted `actors`: its game payoffs plus its warm glow.

    The same sums, term by term in row order, as `np.bincount(actor, terms)` +
    `np.bincount(actor, glow)` over all actors, read at `actors`.
    """
    if len(actor) == 0:
        return np.zeros(len(actors))
    at = np.minimum(np.searchsorted(actors, actor), len(actors) - 1)
    mine = actors[at] == actor
    at = at[mine]
    payoff = np.bincount(at, weights=terms[mine], minlength=len(actors))
    payoff += np.bincount(at, weights=glow[mine], minlength=len(actors))
    return payoff
