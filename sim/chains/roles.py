"""Roles with behaviour (principle 1: roles are not types, but they do different work).

- **Initiatiefnemer.** Leads its chain, and can lead only `chains.lead_capacity` mobilising
  chains at once (`can_lead`): a leader is a bottleneck (Ghorbani et al. 2020). When it
  leaves, the chain loses `chains.momentum_loss` of its momentum (its productivity) and the
  member who pledges most hours among those who can still lead takes over (`succeed`); a
  chain without anyone who can take over stays leaderless, invites nobody and regains no
  momentum, and tries again each week. With an initiator, momentum comes back,
  `chains.momentum_recovery` of the loss a week (`regain_momentum`).
- **Coproducent / ondersteuner.** Each week a worker's role follows what it can put in: who
  can give `COPRODUCER_HOURS` a week to the chain, or money worth a year of them, co-produces;
  the others step back to supporter (and step up again when they can give more). A supporter
  pledges `chains.supporter_hours` of the hours it could give (`hours_factor`): mostly money
  or voice.
- **Uitvoerder.** The executor is named at the decision and is paid (`sim.chains.decision`).
"""

import numpy as np

from sim.agents.roles import COPRODUCER_HOURS
from sim.chains.book import MOBILISEREN
from sim.vocabulary import WEEKS_PER_YEAR, Role
from sim.week import NONE


def leading(world) -> np.ndarray:
    """How many mobilising chains each actor leads (is the initiator of)."""
    book = world.chains
    rows = book.active_rows(MOBILISEREN)
    heads = rows[book.m_role[rows] == Role.INITIATIEFNEMER]
    return np.bincount(book.m_actor[heads], minlength=world.actors.n)


def can_lead(cfg, led: np.ndarray) -> np.ndarray:
    """Whether actors who lead `led` chains can lead one more."""
    return led < cfg.lead_capacity


def hours_factor(cfg, role: np.ndarray) -> np.ndarray:
    """The share of the hours it could give that a member in `role` pledges."""
    return np.where(role == Role.ONDERSTEUNER, cfg.supporter_hours, 1.0)


def assign_roles(world, rows: np.ndarray, could_give: np.ndarray) -> None:
    """Step up or back: workers (of the membership `rows`) who could give `COPRODUCER_HOURS`
    a week (`could_give`, per row), or have pledged money worth a year of them, co-produce;
    the others support."""
    book = world.chains
    role = book.m_role[rows]
    worker = (role == Role.COPRODUCENT) | (role == Role.ONDERSTEUNER)
    rows, could_give = rows[worker], could_give[worker]
    a_year_of_hours = COPRODUCER_HOURS * WEEKS_PER_YEAR * world.cfg.mkba.shadow_wage_eur_hour
    big = (could_give >= COPRODUCER_HOURS) | (book.m_money_pledged[rows] >= a_year_of_hours)
    book.set_role(rows[big], Role.COPRODUCENT)
    book.set_role(rows[~big], Role.ONDERSTEUNER)


def initiator_left(world, cases: np.ndarray) -> np.ndarray:
    """The initiators of these mobilising cases left: each loses momentum and looks for a
    successor. Returns the cases that found one."""
    if len(cases) == 0:
        return NONE
    book = world.chains
    book.c_momentum[cases] *= 1.0 - world.cfg.chains.momentum_loss
    return succeed(world, cases)


def has_initiator(world, rows: np.ndarray | None = None) -> np.ndarray:
    """Per case: whether an unpaid active member (of `rows`, by default the mobilising
    chains' teams) leads its chain."""
    book = world.chains
    rows = book.team(MOBILISEREN) if rows is None else rows
    return book.per_case(rows[book.m_role[rows] == Role.INITIATIEFNEMER]) > 0


def leaderless(world) -> np.ndarray:
    """Mobilising cases with members but no initiator."""
    book = world.chains
    rows = book.team(MOBILISEREN)
    return np.flatnonzero((book.per_case(rows) > 0) & ~has_initiator(world, rows))


def succeed(world, cases: np.ndarray) -> np.ndarray:
    """Who takes over: in each case, the member who pledges most hours among those who can
    still lead (`can_lead`; one new chain each this week). Returns the cases that got one."""
    book = world.chains
    if len(cases) == 0:
        return NONE
    rows = book.rows_of(cases, book.team(MOBILISEREN))
    led = leading(world)
    rows = rows[can_lead(world.cfg.chains, led[book.m_actor[rows]])]
    if len(rows) == 0:
        return NONE
    order = np.lexsort((-book.m_hours_week[rows], book.m_case[rows]))
    rows = rows[order]
    heads = rows[np.r_[True, book.m_case[rows][1:] != book.m_case[rows][:-1]]]
    # An actor takes over one chain at a time: the first case (lowest id) it heads.
    _, first = np.unique(book.m_actor[heads], return_index=True)
    heads = heads[np.sort(first)]
    book.set_role(heads, Role.INITIATIEFNEMER)
    return book.m_case[heads]


def regain_momentum(world, cases: np.ndarray) -> None:
    """Chains with an initiator regain `momentum_recovery` of their lost momentum."""
    book = world.chains
    ids = cases[has_initiator(world)[cases]]
    book.c_momentum[ids] += world.cfg.chains.momentum_recovery * (1.0 - book.c_momentum[ids])
