"""Coordination overhead, progress and stalling (theme 2: too much integrality stalls).

Each week a chain's members spend their pledged hours first on coordination, which costs
`coordination_hours * members**a * themes**b` hours per member, then on the case's procedure
(tussenruimte) and its preparation, at a productivity of 0.5 + mean member skill. A case that
makes less than `min_progress_hours` of progress for `stall_weeks` weeks, or is still
mobilising after `max_mobilising_weeks`, stalls: its coordination ate its progress.
"""

import numpy as np

from sim.chains.book import MOBILISEREN
from sim.chains.joining import coordination_per_member
from sim.chains.needs import prep_hours, procedure


def coordinate(model) -> np.ndarray:
    """Spend this week's pledged hours; return the ids of cases that stalled."""
    cfg, st, book = model.cfg, model.actors, model.chains
    cases = np.flatnonzero(book.c_status[: book.n_cases] == MOBILISEREN)
    if len(cases) == 0:
        return cases
    rows = book.active_rows(MOBILISEREN)
    rows = rows[~book.m_paid[rows]]
    n = book.n_cases
    pledged = np.bincount(book.m_case[rows], book.m_hours_week[rows], minlength=n)[cases]
    members = np.bincount(book.m_case[rows], minlength=n)[cases]
    skill = np.bincount(book.m_case[rows], st.skill[book.m_actor[rows]], minlength=n)[cases]
    productivity = 0.5 + skill / np.maximum(members, 1)

    coordination = np.minimum(
        pledged,
        members * coordination_per_member(cfg.chains, members, book.integrality(cases)),
    )
    proc_need, proc_weeks = procedure(model, cases)
    todo_proc = np.maximum(proc_need - book.c_proc_done[cases], 0)
    todo_prep = np.maximum(prep_hours(model, cases) - book.c_prep_done[cases], 0)
    work = np.minimum((pledged - coordination) * productivity, todo_proc + todo_prep)
    to_proc = np.minimum(work, todo_proc)
    book.c_proc_done[cases] += to_proc
    book.c_prep_done[cases] += work - to_proc

    # Hours actually given: coordination plus the work that was there to do.
    given = coordination + work / productivity
    book.c_hours_given[cases] += given
    book.c_hours_coordination[cases] += coordination
    book.c_hours_procedure[cases] += to_proc / productivity
    share = np.zeros(n)
    share[cases] = np.divide(given, pledged, out=np.zeros_like(given), where=pledged > 0)
    hours = book.m_hours_week[rows] * share[book.m_case[rows]]
    book.m_hours_given[rows] += hours
    np.add.at(st.hours_given, book.m_actor[rows], hours)
    model.week_hours["coordination"] += coordination.sum()
    model.week_hours["procedure"] += (to_proc / productivity).sum()
    model.week_hours["productive"] += ((work - to_proc) / productivity).sum()
    model.week_hours_by_actor = np.bincount(book.m_actor[rows], hours, minlength=st.n)

    # Stalling: no progress (work left, or work done but the decision not coming) unless the
    # case is only waiting out its procedure's weeks; or mobilising too long.
    age = model.week - book.c_week_started[cases]
    waiting = (todo_proc + todo_prep <= 0) & (age < proc_weeks)
    stuck = (work < cfg.chains.min_progress_hours) & ~waiting
    book.c_stall[cases] = np.where(stuck, book.c_stall[cases] + 1, 0)
    too_long = age >= cfg.chains.max_mobilising_weeks
    return cases[(book.c_stall[cases] >= cfg.chains.stall_weeks) | too_long]
