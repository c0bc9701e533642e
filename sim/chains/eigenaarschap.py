"""Eigenaarschap as a state that drives (principle 2, theme 1: real ownership is mental).

Besides the euro of value it owns (`sim.chains.ownership`, accounting), each actor has a felt
(psychological) ownership f, 0-1, of the initiatives and places it works on. It grows along
two of the routes of Pierce, Kostova & Dirks (2001), investing the self and control:

    f <- f + (1 - f) * min(1, g * sum over its chains of (invest + say) / 2)

each week, where g is `ownership.growth_week`, invest the share of its weekly hours it gave
the chain, and say the weight its contribution gives it in the chain's decisions,

    say = min(1, members * own contribution / team contribution)

(1 for an equal share; contributions are hours at the shadow wage plus money pledged). A
chain whose money is a municipality's gives its residents little say, and so little
ownership: an imposed or outsourced case gives less ownership per euro only through this
rule and through the hours its members give. When a case is realised, each contributor's f
closes `ownership.realised_gain * say` of its gap to 1 (the value it added itself). The paid
executor and a contractor initiating on commission gain none. An actor in no chain loses
`ownership.decay_week` of f a week.

Felt ownership drives, with weight e = `ownership.effect` (0: inert):
- attachment = home attachment + e * f * (1 - home attachment) (initiation and alignment);
- pledging: the share of hours and money pledged is min(1, propensity * (1 + e * f));
- staying: the weekly churn probability is churn_week * (1 - e * f);
- inviting: a chain's invitations are considered with probability
  min(1, attention * (1 + e * mean f of its members));
- the local norm: an actor joins when its score reaches threshold * (1 - e * s), s the
  share of its buurt's actors who feel co-owner (f >= `ownership.co_owner_level`).
"""

import numpy as np

from sim.chains.book import MOBILISEREN
from sim.week import Felt


def keenness(cfg, felt: np.ndarray) -> np.ndarray:
    """The factor on the share pledged: 1 + effect * felt ownership.

    >>> from sim.config import OwnershipConfig
    >>> keenness(OwnershipConfig(effect=0.5), np.array([0.0, 1.0])).tolist()
    [1.0, 1.5]
    """
    return 1.0 + cfg.effect * felt


def pledge_share(cfg, propensity: np.ndarray, felt: np.ndarray) -> np.ndarray:
    """The share of its hours (and of its free money) an actor pledges, 0-1."""
    return np.minimum(propensity * keenness(cfg, felt), 1.0)


def staying(cfg, felt: np.ndarray) -> np.ndarray:
    """The factor on the weekly churn probability: 1 - effect * felt ownership."""
    return 1.0 - cfg.effect * felt


def co_owners(world) -> np.ndarray:
    """Per buurt, the share of its actors who feel co-owner (the local norm)."""
    st, places = world.actors, world.places
    level = world.cfg.ownership.co_owner_level
    n = len(places.buurt_wijk)
    people = np.bincount(st.buurt, minlength=n)
    owners = np.bincount(st.buurt, st.felt >= level, minlength=n)
    return owners / np.maximum(people, 1)


def norm_factor(world, actors: np.ndarray) -> np.ndarray:
    """The factor on each actor's joining threshold: 1 - effect * co-owner share at home."""
    return 1.0 - world.cfg.ownership.effect * co_owners(world)[world.actors.buurt[actors]]


def say(world, rows: np.ndarray) -> np.ndarray:
    """Each community membership's say in its chain's decisions, 0-1, from what it put in
    against its team (`rows` must hold whole teams)."""
    book = world.chains
    put_in = book.m_hours_given[rows] * world.cfg.mkba.shadow_wage_eur_hour
    put_in = put_in + book.m_money_pledged[rows]
    members = book.per_case(rows)[book.m_case[rows]]
    total = book.per_case(rows, put_in)[book.m_case[rows]]
    fair = np.divide(members * put_in, total, out=np.ones_like(put_in), where=total > 0)
    return np.minimum(fair, 1.0)


def grow(felt: np.ndarray, routes: np.ndarray, rate: float) -> np.ndarray:
    """Felt ownership after a week with the summed `routes` (invest + say) / 2, 0-1.

    >>> grow(np.array([0.0, 0.5]), np.array([1.0, 1.0]), 0.1).tolist()
    [0.1, 0.55]
    """
    return felt + (1.0 - felt) * np.minimum(rate * routes, 1.0)


def feel(world, hours_rows: np.ndarray, hours: np.ndarray, realised: np.ndarray) -> Felt:
    """The week's felt ownership: growth from the hours each team membership gave
    (`hours_rows`, `hours`) and the say it has, from the `realised` cases, and decay for
    those in no chain; then attachment follows."""
    cfg, st, book = world.cfg.ownership, world.actors, world.chains
    rows = book.team(MOBILISEREN)
    gave = np.zeros(book.n_members)
    gave[hours_rows] = hours
    actor = book.m_actor[rows]
    invest = np.divide(gave[rows], st.hours_week[actor], out=np.zeros(len(rows)),
                       where=st.hours_week[actor] > 0)  # fmt: skip
    route = np.where(book.commissioned(rows), 0.0, (invest + say(world, rows)) / 2)
    gained = _credit(world, rows, route, cfg.growth_week)
    if len(realised):
        done = book.rows_of(realised)
        done = done[~book.commissioned(done)]
        gained += _credit(world, done, say(world, done), cfg.realised_gain)
    idle = np.flatnonzero((book.per_actor(st.n) == 0) & (st.felt > 0))
    kept = st.felt[idle] * (1.0 - cfg.decay_week)
    lost = st.felt[idle] - kept
    st.felt[idle] = kept
    st.attachment[:] = st.home_attachment + cfg.effect * st.felt * (1 - st.home_attachment)
    return Felt(
        gained=gained,
        lost=world.streams.total(lost, idle),
        co_owners=world.streams.count(st.felt >= cfg.co_owner_level, None),
    )


def _credit(world, rows: np.ndarray, route: np.ndarray, rate: float):
    """Grow the felt ownership of the rows' actors by their summed routes, credit each
    membership with its part of the gain (`m_felt`), and return the total gain (per run in
    a batch)."""
    st, book = world.actors, world.chains
    if len(rows) == 0:
        return 0.0
    actor = book.m_actor[rows]
    total = np.bincount(actor, route, minlength=st.n)
    who = np.flatnonzero(total > 0)
    gain = grow(st.felt[who], total[who], rate) - st.felt[who]
    st.felt[who] += gain
    per_route = np.zeros(st.n)
    per_route[who] = gain / total[who]
    book.m_felt[rows] += route * per_route[actor]
    return world.streams.total(gain, who)
