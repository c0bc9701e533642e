"""Procurement of the executor (uitvoerder) and delivery of the contract (article theme 4,
*inkopen met impact* and *contracteren op ambitie*).

A decided case procures its executor from entrepreneurs (ondernemers): the entrepreneurs in
its own chain and others drawn at random, `procurement.bidders` in all. Each bidder makes an
offer from its own cost, skill and values:

    size    = FIRM_SIZE[firm]                                  zzp 0, mkb 0.4, groot 1, sociaal 0.2
    quality = max(0.1, 0.5 + skill + fit)                      fit = values · capital profile − 1/3
    cost    = budget · (1 − scale_economy · size) · (1.3 − skill)
    offered = lowest_price: min(quality, 1)  (the specification, no more)
              best_value, ambition_contract: quality
              social_enterprise: max(quality, q_consult)  (q_consult: the consultation_quantile
              of the bidders' quality, the requirement market consultation sets)
    price   = cost · offered ** quality_price · (1 + margin[firm])

Offers above the money pledged are not admissible. The award:

- `lowest_price`: the cheapest offer;
- `best_value`, `ambition_contract`: the highest MKBA value per euro, offered · B1 / price
  (B1: the case's MKBA benefit at quality 1);
- `social_enterprise`: the lowest price after `social_bonus` off a social enterprise's price;
  `invited_social` social enterprises are invited on top of the other bidders.

The contract's target is the offered quality; an ambition contract fixes an ambition of
`ambition_stretch` times the offered quality instead of a scope. `deliver` (at the end of
the realisation) lets the executor learn over the contract — skill rises by
`(1 − skill) · min(1, contract_learning · gap)`, gap the target above its quality — and it
delivers `min(quality after learning, target)`. Under an ambition contract a met ambition is
raised once by `ambition_raise` (times 1 + ambition_raise) and the executor learns towards
it again; maintenance is sold as a service (`service_saving` off maintenance and renewal,
sim.business.mkba).
"""

import numpy as np

from sim.business import mkba
from sim.config import FIRMS, SCALES
from sim.environment.places import capital_profile
from sim.vocabulary import Firm, Kind

#: How far a firm type enjoys the scale economy (0 none, 1 full). Assumption: zzp none,
#: mkb some, large firms all, social enterprises little.
FIRM_SIZE = np.array([0.0, 0.4, 1.0, 0.2])


def assign_firms(kind: np.ndarray, shares, rng: np.random.Generator) -> np.ndarray:
    """Firm type (index into FIRMS) of every entrepreneur, -1 for other actors."""
    firm = np.full(len(kind), -1, np.int8)
    ent = np.flatnonzero(kind == Kind.ONDERNEMER)
    firm[ent] = rng.choice(len(FIRMS), len(ent), p=np.asarray(shares) / sum(shares))
    return firm


def bidder_pool(kind: np.ndarray, firm: np.ndarray) -> np.ndarray:
    """Who can bid: the entrepreneurs; without entrepreneurs the institutions, then anyone."""
    for pool in (np.flatnonzero(firm >= 0), np.flatnonzero(kind == Kind.ORGANISATIE)):
        if len(pool):
            return pool
    return np.arange(len(kind))


def _draw(rng, pool: np.ndarray, k: int, taken: np.ndarray) -> np.ndarray:
    """Up to k distinct members of `pool` not in `taken` (a few), drawn at random."""
    k = min(k, len(pool) - len(taken))
    if k <= 0:
        return pool[:0]
    drawn = pool[rng.choice(len(pool), min(k + len(taken), len(pool)), replace=False)]
    return drawn[~np.isin(drawn, taken)][:k]


def contractors(world, officials: np.ndarray, pool_size: int = 20) -> np.ndarray:
    """Executors from outside a chain (an outsourced top-down case), one for each of the
    commissioning `officials`: the most skilled of a random pool of the entrepreneurs of its
    run (institutions, then anyone, where there are none)."""
    st, streams = world.actors, world.streams
    chosen = np.empty(len(officials), np.int64)
    for run, at in streams.groups(officials):
        block = streams.actors_of(run)
        kind = st.kind[block]
        firms = np.flatnonzero(kind == Kind.ONDERNEMER)
        if len(firms) == 0:
            firms = np.flatnonzero(kind == Kind.ORGANISATIE)
        if len(firms) == 0:
            firms = np.arange(len(kind))
        n = len(chosen[at])
        pool = block.start + streams.rngs[run].choice(firms, (n, min(pool_size, len(firms))))
        chosen[at] = pool[np.arange(n), st.skill[pool].argmax(axis=1)]
    return chosen


def bidders(world, members: np.ndarray, market=None) -> np.ndarray:
    """The entrepreneurs asked for an offer: those in the chain, then others at random from
    its run's `market` (default: the World's one), up to `procurement.bidders`; under
    `social_enterprise` also `invited_social` social enterprises. Without entrepreneurs,
    institutions (then anyone) bid."""
    cfg = world.cfg.procurement
    market = world.market if market is None else market
    own = np.unique(members[market.can_bid[members]])[: cfg.bidders]
    pool = np.concatenate([own, _draw(market.rng, market.bidders, cfg.bidders - len(own), own)])
    if cfg.route == "social_enterprise" and cfg.invited_social:
        taken = pool[world.actors.firm[pool] == Firm.SOCIAAL]
        invited = _draw(market.rng, market.social, cfg.invited_social, taken)
        pool = np.concatenate([pool, invited])
    return pool.astype(np.int64)


def natural_quality(world, ids: np.ndarray, themes: np.ndarray) -> np.ndarray:
    """The quality each actor delivers by its own skill and the fit of its values with the
    capitals of a case (themes: one scope for all, or one row per actor); 1 at skill 0.5 and
    a neutral fit."""
    st = world.actors
    fit = (st.values[ids] * capital_profile(np.atleast_2d(themes))).sum(axis=1) - 1.0 / 3.0
    return np.maximum(0.5 + st.skill[ids] + fit, 0.1)


def offers(world, ids: np.ndarray, themes: np.ndarray, budget: float):
    """(price, offered quality, natural quality) of each bidder."""
    cfg, st = world.cfg.procurement, world.actors
    quality = natural_quality(world, ids, themes)
    firm = np.maximum(st.firm[ids], 0)  # institutions bidding as a fallback count as zzp
    cost = budget * (1 - cfg.scale_economy * FIRM_SIZE[firm]) * (1.3 - st.skill[ids])
    if cfg.route == "lowest_price":
        offered = np.minimum(quality, 1.0)
    elif cfg.route == "social_enterprise":
        offered = np.maximum(quality, np.quantile(quality, cfg.consultation_quantile))
    else:
        offered = quality
    margin = np.asarray(cfg.margins)[firm]
    price = cost * offered**cfg.quality_price * (1 + margin)
    return price, offered, quality


def award(route: str, price, offered, social, benefit_at_1: float, bonus: float, ceiling) -> int:
    """Index of the winning offer (-1 when no offer is admissible: price above the ceiling)."""
    ok = price <= ceiling
    if not ok.any():
        return -1
    if route == "lowest_price":
        score = -price
    elif route == "social_enterprise":
        score = -price * np.where(social, 1 - bonus, 1.0)
    else:
        score = offered * benefit_at_1 / np.maximum(price, 1e-9)  # a free offer: value per cent
    return int(np.flatnonzero(ok)[np.argmax(score[ok])])


def target(route: str, offered: float, stretch: float) -> float:
    """What the contract asks: the offered quality, or an ambition `stretch` times it."""
    return offered * stretch if route == "ambition_contract" else offered


def deliver(world, cases: np.ndarray) -> np.ndarray:
    """Learning over the contract and the delivered quality of each case (see the module
    docstring); records quality, target and whether it was met; returns the delivered
    quality. An executor with two contracts ending in the same week learns from both."""
    cfg, st, book = world.cfg.procurement, world.actors, world.chains
    ex = book.c_executor[cases]
    skill = st.skill[ex]
    quality = natural_quality(world, ex, book.c_themes[cases])
    goal = book.c_target[cases]
    gain = (1 - skill) * np.minimum(1.0, cfg.contract_learning * np.maximum(goal - quality, 0))
    able = quality + gain
    met = able >= goal - 1e-12
    if cfg.route == "ambition_contract":
        goal = np.where(met, goal * (1 + cfg.ambition_raise), goal)
        more = (1 - skill - gain) * np.minimum(
            1.0, cfg.contract_learning * np.maximum(goal - able, 0)
        )
        more = np.where(met, more, 0.0)
        gain, able = gain + more, able + more
    delivered = np.minimum(able, goal)
    np.add.at(st.skill, ex, gain)
    np.clip(st.skill, 0.0, 1.0, out=st.skill)
    book.c_target[cases] = goal
    book.c_quality[cases] = delivered
    book.c_met[cases] = met
    return delivered


def tender(world, cases, pledged, need) -> tuple[np.ndarray, np.ndarray]:
    """Tender each decided case: the winner and its price, -1 and 0 where no offer fits the
    money pledged. Records the budget, the offered quality and the contract's target."""
    cfg, book, places = world.cfg, world.chains, world.places
    proc = cfg.procurement
    executor = np.full(len(cases), -1)
    price = np.zeros(len(cases))
    effect = cfg.chains.per_scale("effect")
    rows = book.rows_of(cases, book.active_rows())  # only the tendering chains' members
    run = world.streams.run_of(book.c_initiator[cases])
    for i, c in enumerate(cases):  # a few tenders a week, each over a handful of offers
        ids = bidders(world, book.m_actor[rows[book.m_case[rows] == c]], world.markets[run[i]])
        themes = book.c_themes[c]
        bid, offered, _ = offers(world, ids, themes, need[i])
        parcels = places.affected(SCALES[book.c_scale[c]], book.c_parcel[c])
        gain = effect[book.c_scale[c]] * (1.0 - places.quality[np.ix_(parcels, themes)])
        at_1 = mkba.benefit_year(
            mkba.effect_gains(gain, themes), world.people[parcels], cfg.mkba
        ).sum()
        social = world.actors.firm[ids] == Firm.SOCIAAL
        win = award(proc.route, bid, offered, social, at_1, proc.social_bonus, pledged[i])
        if win < 0:
            continue
        executor[i], price[i] = ids[win], bid[win]
        margin = proc.margins[max(int(world.actors.firm[ids[win]]), 0)]
        book.c_margin[c] = bid[win] * margin / (1 + margin)  # the part above its own cost
        book.c_budget[c] = need[i]
        book.c_offered[c] = offered[win]
        book.c_target[c] = target(proc.route, offered[win], proc.ambition_stretch)
    return executor, price
