"""Eigenaarschap (principle 2: you own what you add value to).

When a case is realised, each contributor owns the value it added (the case's MKBA
benefits, `ChainBook.c_value`) in proportion to the hours (at the shadow wage) and money it
gave; the executor and a contractor initiating on commission, paid for their work, own
nothing of it (a case nobody from the community put anything into leaves its value
unowned, `World.unowned_eur`). The chain then disbands: its members and its executor leave.
This is accounting: the felt ownership that drives behaviour is `sim.chains.eigenaarschap`.
"""

import numpy as np

from sim.week import Owned


def contributions(world, rows: np.ndarray) -> np.ndarray:
    """Euro each membership put in: its hours at the shadow wage plus its money."""
    book = world.chains
    return book.m_hours_given[rows] * world.cfg.mkba.shadow_wage_eur_hour + book.m_money_given[rows]


def own(world, cases: np.ndarray) -> Owned:
    """Hand out the value added of realised cases by share of contribution."""
    st, book = world.actors, world.chains
    if len(cases) == 0:
        return Owned(cases, 0.0)
    rows = book.rows_of(cases)
    paid = book.commissioned(rows)
    rows, executors = rows[~paid], rows[paid]
    contribution = contributions(world, rows)
    total = book.per_case(rows, contribution)
    value = np.clip(book.c_value[: book.n_cases].sum(axis=1), 0, None)
    nobody = cases[total[cases] <= 0]
    world.unowned_eur += world.streams.total(value[nobody], book.c_initiator[nobody])
    owned = value[book.m_case[rows]] * contribution / np.maximum(total[book.m_case[rows]], 1e-12)
    book.m_ownership[rows] += owned
    np.add.at(st.ownership, book.m_actor[rows], owned)
    book.leave(rows[book.m_active[rows]], world.week)
    book.leave(executors[book.m_active[executors]], world.week)
    return Owned(cases, world.streams.total(owned, book.m_actor[rows]))
