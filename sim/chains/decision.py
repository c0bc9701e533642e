"""The investment decision (principle 4: coalition, pledges and direction come together).

A mobilising case decides to invest when all of these hold at once: a coalition (at least
`min_members` active members), pledges (money pledged covers the need; preparation and
procedure done; its permits' waiting weeks since it was filed over) and a shared direction
(the team's agreement of at least `direction`, `sim.chains.direction`). Then it procures
its executor (`sim.business.procurement.tender`); each member gives the same share of its
pledge to pay the contract price, the rest is released, and the executor joins the chain
(or, already a member, turns uitvoerder). The case is realising until the executor
delivers (`sim.chains.realisation`).
"""

from dataclasses import dataclass

import numpy as np

from sim.business.procurement import tender
from sim.chains.book import MOBILISEREN, REALISEREN
from sim.chains.needs import money_needed, prep_hours
from sim.environment.tussenruimte import procedure, waiting_left
from sim.vocabulary import Role
from sim.week import NONE, Decided


@dataclass(frozen=True, slots=True)
class Readiness:
    """What each mobilising case has in place against what its decision needs."""

    members: np.ndarray
    pledged: np.ndarray  # euro
    need: np.ndarray  # euro
    direction: np.ndarray  # the team's agreement, 0-1 (sim.chains.direction)
    proc_hours: np.ndarray
    proc_weeks: np.ndarray

    def ready(self, world, cases: np.ndarray) -> np.ndarray:
        """Whether each case meets every condition of the decision."""
        cfg, book = world.cfg.chains, world.chains
        return (
            (self.members >= cfg.min_members)
            & (self.pledged >= self.need)
            & (self.direction >= cfg.direction)
            & (book.c_prep_done[cases] >= prep_hours(world, cases) - 1e-9)
            & (book.c_proc_done[cases] >= self.proc_hours - 1e-9)
            & (book.c_filed[cases] >= 0)
            & (waiting_left(world, cases, self.proc_weeks) <= 0)
        )


def readiness(world, cases: np.ndarray) -> Readiness:
    """The members, money, direction and procedure of each of the (mobilising) cases."""
    book = world.chains
    rows = book.active_rows(MOBILISEREN)
    members = book.per_case(rows)[cases]
    direction = book.c_agreement[cases]
    proc_hours, proc_weeks = procedure(world, cases)
    return Readiness(
        members=members,
        pledged=book.per_case(rows, book.m_money_pledged[rows])[cases],
        need=money_needed(world, cases),
        direction=direction,
        proc_hours=proc_hours,
        proc_weeks=proc_weeks,
    )


def decide(world) -> Decided:
    """Take the investment decisions that are ready and can procure an executor."""
    book = world.chains
    cases = book.cases_in(MOBILISEREN)
    if len(cases) == 0:
        return Decided(NONE, 0.0)
    state = readiness(world, cases)
    ready = state.ready(world, cases)
    decided = cases[ready]
    if len(decided) == 0:
        return Decided(NONE, 0.0)

    # Procure the executor; a case without an admissible offer waits for the next week.
    pledged, need = state.pledged[ready], state.need[ready]
    executor, price = tender(world, decided, pledged, need)
    won = executor >= 0
    decided, executor, price, pledged = decided[won], executor[won], price[won], pledged[won]
    if len(decided) == 0:
        return Decided(NONE, 0.0)
    money = give(world, decided, price, pledged)
    name_executor(world, decided, executor)
    return Decided(decided, money)


def give(world, decided: np.ndarray, price: np.ndarray, pledged: np.ndarray):
    """Pay the contract price: each member of a decided case gives the same share of its
    pledge and the rest of the pledge is released. Returns the euro given (per run in a
    batch, `sim.streams.Streams.total`)."""
    st, book = world.actors, world.chains
    rows = book.active_rows(MOBILISEREN)
    give_share = np.zeros(book.n_cases)
    give_share[decided] = np.divide(price, pledged, out=np.zeros_like(price), where=pledged > 0)
    rows = rows[give_share[book.m_case[rows]] > 0]
    gift = book.m_money_pledged[rows] * give_share[book.m_case[rows]]
    actor = book.m_actor[rows]
    np.subtract.at(st.money, actor, gift)
    np.add.at(st.money_given, actor, gift)
    np.clip(st.money, 0.0, None, out=st.money)
    book.release_pledges(rows, st.reserved)
    book.m_money_given[rows] += gift
    book.m_money_pledged[rows] = gift  # what a pledge came to
    book.c_money_given[decided] = price
    return world.streams.total(gift, actor)


def name_executor(world, decided: np.ndarray, executor: np.ndarray) -> None:
    """The winner executes: a member switches role, an outsider joins as a paid member; the
    case turns realising, due after its scale's realisation weeks (sooner with skill)."""
    st, book = world.actors, world.chains
    rows = book.rows_of(decided, book.active_rows(MOBILISEREN))
    key = book.m_case[rows] * st.n + book.m_actor[rows]
    book.set_role(rows[np.isin(key, decided * st.n + executor)], Role.UITVOERDER)
    outside = ~np.isin(decided * st.n + executor, key)
    if outside.any():
        book.add_members(
            executor[outside], decided[outside], Role.UITVOERDER, world.week, 0.0, 0.0, paid=True
        )
    weeks = world.cfg.chains.per_scale("realisation_weeks")[book.c_scale[decided]]
    book.c_executor[decided] = executor
    book.c_realise_due[decided] = world.week + np.ceil(weeks * (1.5 - st.skill[executor]))
    book.c_week_decided[decided] = world.week
    book.c_status[decided] = REALISEREN
