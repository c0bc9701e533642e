"""Coordination overhead, progress and stalling (theme 2: too much integrality stalls).

Each week a chain's members spend their pledged hours first on coordination, which costs
each member its meetings and its half of the team's communication paths (Brooks 1975: n
members have n(n-1)/2 of them), more for each extra theme (process losses that grow with the
task's interdependence, Steiner 1972):

    coord(n, k) = (coordination_hours + path_hours * (n - 1) / 2) * (1 + theme_load * (k - 1))

hours a week per member, less for a team with a shared
history (`sim.chains.trusted_ties.familiarity`), and, while the team does not yet agree on a
direction, `deliberation_hours` (`sim.chains.direction`), then on the case's
procedure (tussenruimte: filed once done, then its permits take their weeks) and its
preparation, at a productivity of 0.5 + mean member skill.
A case that makes less than `min_progress_hours` of progress for `stall_weeks` weeks, or is
still mobilising after `max_mobilising_weeks`, stalls: its coordination ate its progress. A
week in which the team's agreement rose counts as progress.
"""

from dataclasses import dataclass

import numpy as np

from sim.chains import roles, trusted_ties
from sim.chains.book import MOBILISEREN
from sim.chains.direction import deliberate, deliberation_hours
from sim.chains.needs import prep_hours
from sim.environment.tussenruimte import file_procedures, procedure, waiting_left
from sim.week import Worked


def coordination_per_member(cfg, members, themes) -> np.ndarray:
    """Weekly coordination hours each member spends: its meetings and its half of the team's
    communication paths, more with each theme beyond the first.

    >>> from sim.config import ChainsConfig
    >>> cfg = ChainsConfig(coordination_hours=0.15, path_hours=0.03, theme_load=0.5)
    >>> float(coordination_per_member(cfg, 1, 1)[()])
    0.15
    >>> round(float(coordination_per_member(cfg, 11, 3)[()]), 6)  # (0.15 + 0.03 * 5) * 2
    0.6
    """
    paths = cfg.path_hours * (np.maximum(members, 1) - 1) / 2
    load = 1 + cfg.theme_load * (np.maximum(themes, 1) - 1)
    return (cfg.coordination_hours + paths) * load


@dataclass(frozen=True, slots=True)
class Effort:
    """What the team of each case brings to a week: hours pledged, members, productivity."""

    rows: np.ndarray  # the team's membership rows (active, unpaid)
    pledged: np.ndarray  # hours pledged this week, per case
    members: np.ndarray
    productivity: np.ndarray  # progress an hour: (0.5 + mean member skill) x momentum


def effort(world, cases: np.ndarray) -> Effort:
    """The hours, members and productivity of each mobilising case's team this week: its
    skill, times its momentum (`sim.chains.roles`)."""
    book, skill = world.chains, world.actors.skill
    rows = book.team(MOBILISEREN)
    pledged = book.per_case(rows, book.m_hours_week[rows])[cases]
    members = book.per_case(rows)[cases]
    total_skill = book.per_case(rows, skill[book.m_actor[rows]])[cases]
    productivity = (0.5 + total_skill / np.maximum(members, 1)) * book.c_momentum[cases]
    return Effort(rows, pledged, members, productivity)


def work_left(world, cases: np.ndarray):
    """Hours of procedure and of preparation each case still needs, its procedure's hours
    and its permits' waiting weeks."""
    book = world.chains
    proc_need, proc_weeks = procedure(world, cases)
    todo_proc = np.maximum(proc_need - book.c_proc_done[cases], 0)
    todo_prep = np.maximum(prep_hours(world, cases) - book.c_prep_done[cases], 0)
    return todo_proc, todo_prep, proc_need, proc_weeks


def coordinate(world) -> Worked:
    """Spend this week's pledged hours on coordination, procedure and preparation; name
    the cases that stalled."""
    cfg, st, book = world.cfg, world.actors, world.chains
    cases = book.cases_in(MOBILISEREN)
    if len(cases) == 0:
        return Worked.nothing(st.n)
    team = effort(world, cases)
    pledged, members, productivity = team.pledged, team.members, team.productivity
    before = book.c_agreement[cases]  # as the team found it last week
    ties = trusted_ties.team_ties(world, cases, team.rows)
    book.c_history[cases] = shared = trusted_ties.history(world, ties, members)
    meetings = members * (
        coordination_per_member(cfg.chains, members, book.integrality(cases))
        * trusted_ties.familiarity(cfg.chains, shared)
        + deliberation_hours(cfg.chains, before)
    )
    coordination = np.minimum(pledged, meetings)
    covered = np.divide(coordination, meetings, out=np.ones_like(meetings), where=meetings > 0)
    book.c_agreement[cases] = after = deliberate(world, cases, covered)
    trusted_ties.work_together(world, ties, covered)
    todo_proc, todo_prep, proc_need, proc_weeks = work_left(world, cases)
    work = np.minimum((pledged - coordination) * productivity, todo_proc + todo_prep)
    to_proc = np.minimum(work, todo_proc)
    book.c_proc_done[cases] += to_proc
    book.c_prep_done[cases] += work - to_proc
    file_procedures(world, cases, proc_need)

    # Hours actually given: coordination plus the work that was there to do.
    given = coordination + work / productivity
    book.c_hours_given[cases] += given
    book.c_hours_coordination[cases] += coordination
    book.c_hours_procedure[cases] += to_proc / productivity
    share = np.zeros(book.n_cases)
    share[cases] = np.divide(given, pledged, out=np.zeros_like(given), where=pledged > 0)
    rows = team.rows
    hours = book.m_hours_week[rows] * share[book.m_case[rows]]
    book.m_hours_given[rows] += hours
    np.add.at(st.hours_given, book.m_actor[rows], hours)

    # Stalling: no progress (work left, or work done but the decision not coming) unless the
    # case is only waiting for its permits; or mobilising too long.
    age = world.week - book.c_week_started[cases]
    waiting = (todo_proc + todo_prep <= 0) & (waiting_left(world, cases, proc_weeks) > 0)
    # Converging on a direction the decision still needs is progress too (by at least a
    # thousandth of the scale).
    converging = (before < cfg.chains.direction) & (after - before >= 1e-3)
    stuck = (work < cfg.chains.min_progress_hours) & ~waiting & ~converging
    book.c_stall[cases] = np.where(stuck, book.c_stall[cases] + 1, 0)
    too_long = age >= cfg.chains.max_mobilising_weeks
    roles.regain_momentum(world, cases)
    by_case = book.c_initiator[cases]  # each case's run: its initiator's
    return Worked(
        coordination=world.streams.total(coordination, by_case),
        procedure=world.streams.total(to_proc / productivity, by_case),
        productive=world.streams.total((work - to_proc) / productivity, by_case),
        hours_by_actor=np.bincount(book.m_actor[rows], hours, minlength=st.n),
        stalled=cases[(book.c_stall[cases] >= cfg.chains.stall_weeks) | too_long],
        rows=rows,
        hours=hours,
    )
