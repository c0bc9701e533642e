"""The case life cycle: idea, mobilising, realising, and how a case ends (CONCEPTS.md:
initiatives and value chains).

A case opens mobilising (`sim.chains.initiation`), turns realising at its investment
decision (`sim.chains.decision`) and is realised when its executor delivers
(`sim.chains.realisation`). It can also end early: it stalls when its coordination ate its
progress (`sim.chains.coordination` names those cases), or it dissolves when its last member
left. An ended case's members leave, their pledges are released, and a stall costs them
trust and passion, raises their joining threshold (disappointment), and costs the ties
inside its team some of their trust (the small wins' opposite, `sim.chains.small_wins`;
`sim.chains.trusted_ties`).
"""

import numpy as np

from sim.chains import trusted_ties
from sim.vocabulary import Status
from sim.week import Ended


def end_cases(world, cases: np.ndarray, status: Status) -> Ended:
    """Close cases with `status` (stalled or dissolved): members leave, pledges are released,
    and a stall costs each member trust and passion (per stalled case it was in)."""
    book = world.chains
    if len(cases) == 0:
        return Ended(cases, status, cases)
    cfg, st = world.cfg.feedback, world.actors
    book.c_status[cases] = status
    book.c_week_ended[cases] = world.week
    rows = book.rows_of(cases, book.active_rows())
    book.release_pledges(rows, st.reserved)
    book.leave(rows, world.week)
    if status == Status.GESTAGNEERD:
        team = rows[~book.m_paid[rows]]
        trusted_ties.after_stall(world, trusted_ties.team_ties(world, cases, team))
        hit, times = np.unique(book.m_actor[rows], return_counts=True)
        st.trust[hit] *= (1 - cfg.trust_loss) ** times
        st.passion[hit] *= (1 - cfg.passion_loss) ** times
        st.threshold[hit] += cfg.stall_threshold * times  # disappointment
    return Ended(cases, status, rows)


def stall(world, cases: np.ndarray) -> Ended:
    """The cases that stalled this week end (gestagneerd)."""
    return end_cases(world, cases, Status.GESTAGNEERD)


def dissolve_empty(world) -> Ended:
    """Mobilising cases that lost all their members dissolve (ontbonden)."""
    book = world.chains
    alive = book.per_case(book.active_rows(Status.MOBILISEREN))
    empty = np.flatnonzero((book.c_status[: book.n_cases] == Status.MOBILISEREN) & (alive == 0))
    return end_cases(world, empty, Status.ONTBONDEN)
