"""One case and its team as plain Python objects: what the agents' readable rules read.

The engine keeps cases and memberships in the `ChainBook` arrays (sim/chains/book.py) and
works on all of them at once. The reference form of the rules (the methods of
`sim.agents.actors.Actor`, and the case's own rules below) reads one case through this view:
its place, scale and themes as numbers and lists, its team as a list of `Member`s. The case
rules are the ones that belong to the chain rather than to one member: its capital profile,
what it needs, and the coordination overhead of integraliteit (compliceren) in its week of
work. tests/test_agent_rules.py checks them against the vectorised phases.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from sim.environment.places import THEME_LOADINGS
from sim.vocabulary import Role, Scale

#: How much each theme adds to each capital, positive parts only, as plain lists.
LOADS = [[max(float(x), 0.0) for x in row] for row in THEME_LOADINGS]


@dataclass(slots=True, eq=False)
class Member:
    """One actor (a Mesa agent) in one chain: its role and what it pledges and gives."""

    actor: object  # sim.agents.actors.Actor
    role: int  # sim.vocabulary.Role
    alignment: float  # 0-1, the case's match with the actor's values when it joined
    case: object = None  # the Case
    money_pledged: float = 0.0
    hours_week: float = 0.0  # hours pledged this week
    hours_pledged: float = 0.0
    hours_given: float = 0.0
    money_given: float = 0.0
    stance: list | None = None  # 0-1 per theme; None until its first week in the team


class Work(NamedTuple):
    """A team's week (`Case.week_of_work`): hours and progress."""

    pledged: float  # hours the members pledged
    coordination: float  # hours spent coordinating
    procedure: float  # progress on the procedure (tussenruimte)
    preparation: float  # progress on the preparation
    given: float  # hours actually given: coordination plus the work there was to do
    stuck: bool  # too little progress (and not only waiting out the procedure's weeks)
    agreement: float  # the team's agreement on a direction after the week
    covered: float  # the share of the week's meeting hours the pledges covered
    filed: int  # week the procedure was filed (tussenruimte), -1 if not yet

    def given_by(self, hours_week: float) -> float:
        """Hours a member who pledged `hours_week` gave: its share of what the team gave."""
        return hours_week * (self.given / self.pledged) if self.pledged > 0 else 0.0


class Case:
    """A case as its members see it: place, scale, themes, team and progress.

    Change the themes with `add_theme`, which keeps the capital profile current.
    """

    def __init__(self, model, case_id: int, buurt: int, scale: int, themes, members=()):
        self.model, self.id = model, case_id
        self.buurt, self.scale = buurt, scale
        self.wijk = int(model.places.buurt_wijk[buurt])
        self.themes = [bool(on) for on in themes]
        self.members: list[Member] = list(members)
        self.prep_done = self.proc_done = 0.0
        self.agreement_last = 1.0  # the team's agreement after its last week
        self.history_last = 0.0  # the team's shared history at its last meeting
        self.week_started = 0
        self.filed = -1  # week its procedure was filed (tussenruimte), -1 before
        self.momentum = 1.0  # multiplies its productivity; lost when its initiator leaves
        self.profile = self.capital_profile()

    @classmethod
    def from_book(cls, model, case_id: int, agents: dict):
        """Case `case_id` of `model.chains`, its active members the agents of `agents`
        (actor index -> agent)."""
        book = model.chains
        case = cls(
            model,
            case_id,
            int(book.c_buurt[case_id]),
            int(book.c_scale[case_id]),
            book.c_themes[case_id].tolist(),
        )
        for r in range(book.n_members):
            if book.m_active[r] and book.m_case[r] == case_id:
                member = Member(agents[int(book.m_actor[r])], int(book.m_role[r]), 0.0, case)
                for name in ("alignment", "money_pledged", "hours_week", "hours_given"):
                    setattr(member, name, float(getattr(book, "m_" + name)[r]))
                if not np.isnan(book.m_stance[r, 0]):
                    member.stance = book.m_stance[r].tolist()
                case.members.append(member)
        case.agreement_last = float(book.c_agreement[case_id])
        case.history_last = float(book.c_history[case_id])
        case.prep_done = float(book.c_prep_done[case_id])
        case.proc_done = float(book.c_proc_done[case_id])
        case.week_started = int(book.c_week_started[case_id])
        case.filed = int(book.c_filed[case_id])
        case.momentum = float(book.c_momentum[case_id])
        return case

    # ------------------------------------------------------------------ scope
    @property
    def integrality(self) -> int:
        """Integraliteit: the number of themes in the scope."""
        return sum(self.themes)

    def capital_profile(self) -> list[float]:
        """Share of each capital (social, ecological, economic) the themes address."""
        load = [0.0, 0.0, 0.0]
        for theme, on in enumerate(self.themes):
            if on:
                for k in range(3):
                    load[k] += LOADS[theme][k]
        total = max(sum(load), 1e-12)
        return [x / total for x in load]

    def add_theme(self, theme: int) -> None:
        """Widen the scope by one theme (scope creep)."""
        self.themes[theme] = True
        self.profile = self.capital_profile()

    def is_here(self, buurt: int, wijk: int) -> bool:
        """Whether a home in `buurt` (in `wijk`) is where this case works."""
        return wijk == self.wijk if self.scale == Scale.WIJK else buurt == self.buurt

    # ------------------------------------------------------------------ needs
    def _per_scale(self, name: str) -> float:
        return float(self.model.cfg.chains.per_scale(name)[self.scale])

    def integrality_factor(self) -> float:
        """Compliceren: each theme beyond the first adds `integrality_cost` of the need."""
        return 1.0 + self.model.cfg.chains.integrality_cost * (self.integrality - 1)

    def money_needed(self) -> float:
        """Euro of investment the case needs pledged before the decision."""
        return self._per_scale("money_eur") * self.integrality_factor()

    def still_needed(self) -> float:
        """Euro the case still needs beyond what its members pledged."""
        return max(self.money_needed() - sum(m.money_pledged for m in self.members), 0.0)

    def prep_hours(self) -> float:
        """Hours of preparation the case needs before the decision."""
        return self._per_scale("prep_hours") * self.integrality_factor()

    def procedure(self) -> tuple[float, float]:
        """Hours of procedure and weeks of waiting for permits the case meets
        (tussenruimte): its wijk's friction for its scale, less where an official in the
        team opens room."""
        relief = self.model.cfg.tussenruimte.official_relief
        official = any(m.actor.opens_tussenruimte for m in self.members)
        level = self.model.tussenruimte.level[self.wijk, self.scale]
        friction = level * (1.0 - relief * official)
        hours = self._per_scale("friction_hours") * friction
        weeks = self._per_scale("friction_weeks") * friction
        return hours, weeks

    def waiting_left(self, week: int) -> float:
        """Weeks the permits still take: all of them until the procedure is filed."""
        weeks = self.procedure()[1]
        return max(weeks - (week - self.filed if self.filed >= 0 else 0), 0.0)

    # ------------------------------------------------------------------ direction
    def agreement(self) -> float:
        """Gedeelde richting: 1 minus, averaged over the case's themes, twice the mean
        absolute deviation of the members' stances on the theme (1: one mind)."""
        themes = [t for t, on in enumerate(self.themes) if on]
        if not self.members or not themes:
            return 1.0
        spread = 0.0
        for t in themes:
            stances = [m.stance[t] for m in self.members]
            mean = sum(stances) / len(stances)
            spread += 2.0 * sum(abs(x - mean) for x in stances) / len(stances)
        return 1.0 - spread / len(themes)

    def team_stance(self) -> list[float]:
        """The members' stances on each theme, weighted by their trust."""
        weight = max(sum(m.actor.trust for m in self.members), 1e-12)
        return [
            sum(m.actor.trust * m.stance[t] for m in self.members) / weight
            for t in range(len(self.themes))
        ]

    # ------------------------------------------------------------------ roles
    def has_initiator(self) -> bool:
        """Whether an unpaid member leads the chain (a chain without one invites nobody)."""
        return any(m.role == Role.INITIATIEFNEMER for m in self.members)

    def successor(self, leading: dict):
        """Who takes over when the initiator left: the member pledging most hours among those
        who can still lead (`Actor.can_lead`, `leading`: actor index -> chains it leads);
        None if nobody can. Ties go to the first member."""
        able = [m for m in self.members if m.actor.can_lead(leading.get(m.actor.index, 0))]
        return max(able, key=lambda m: m.hours_week, default=None)

    def initiator_left(self) -> None:
        """The chain loses `chains.momentum_loss` of its momentum."""
        self.momentum *= 1.0 - self.model.cfg.chains.momentum_loss

    def momentum_after_week(self) -> float:
        """With an initiator, the chain regains `chains.momentum_recovery` of its lost
        momentum each week."""
        if not self.has_initiator():
            return self.momentum
        return self.momentum + self.model.cfg.chains.momentum_recovery * (1.0 - self.momentum)

    # ------------------------------------------------------------------ the week
    def shared_history(self) -> float:
        """Vertrouwde kring: the team's trust-weighted density, 0-1, the trust of the ties
        between its members summed over ordered pairs, over n (n - 1)."""
        n = len(self.members)
        if n < 2:
            return 0.0
        ids = {m.actor.index for m in self.members}
        trust = self.model.world.tie_trust
        adj = self.model.adjacency
        total = 0.0
        for m in self.members:
            lo, hi = adj.indptr[m.actor.index], adj.indptr[m.actor.index + 1]
            total += sum(trust[e] for e in range(lo, hi) if adj.indices[e] in ids)
        return total / (n * (n - 1))

    def coordination_hours(self, members: int | None = None, history: float | None = None):
        """Coordination overhead (integraliteit, compliceren): the hours a week each member
        spends, its meetings and its half of the team's n(n-1)/2 communication paths
        (Brooks), times 1 + `theme_load` for each theme beyond the first (Steiner's process
        losses), and `history_saving * history` less for a team with a shared history.
        `members` defaults to the team's size, `history` to the team's at its last
        meeting."""
        cfg = self.model.cfg.chains
        n = max(len(self.members) if members is None else members, 1)
        h = self.history_last if history is None else history
        paths = cfg.path_hours * (n - 1) / 2
        load = 1 + cfg.theme_load * (max(self.integrality, 1) - 1)
        return (cfg.coordination_hours + paths) * load * (1.0 - cfg.history_saving * h)

    def week_of_work(self, week: int) -> Work:
        """The team's week: its pledged hours go first to its meetings (each member attends
        `coordination_hours()` at the team's shared history, and deliberates
        `deliberation_hours` while the agreement the team reached last week is less than
        the decision needs; in them each member moves
        its stance towards the team's), then to the procedure and the preparation still to
        do, at a productivity of 0.5 + the team's mean skill, times its momentum (which an
        initiator leaving costs, `initiator_left`); a procedure done is filed, and
        its permits take their weeks from then. Little progress, unless the case only waits
        for its permits or came closer to the direction it needs, counts as stuck (a week
        towards stalling)."""
        cfg = self.model.cfg.chains
        n = len(self.members)
        pledged = sum(m.hours_week for m in self.members)
        skill = 0.5 + sum(m.actor.skill for m in self.members) / max(n, 1)
        productivity = skill * self.momentum
        for member in self.members:  # a newcomer brings its own stance
            if member.stance is None:
                member.stance = member.actor.stance()
        before = self.agreement_last
        deliberation = cfg.deliberation_hours if before < cfg.direction else 0.0
        self.history_last = self.shared_history()
        meetings = n * (self.coordination_hours(history=self.history_last) + deliberation)
        coordination = min(pledged, meetings)
        covered = coordination / meetings if meetings > 0 else 1.0
        team_stance = self.team_stance()
        for member in self.members:
            member.stance = member.actor.deliberate(member.stance, team_stance, covered)
        after = self.agreement()
        proc_hours, proc_weeks = self.procedure()
        todo_proc = max(proc_hours - self.proc_done, 0.0)
        todo_prep = max(self.prep_hours() - self.prep_done, 0.0)
        work = min((pledged - coordination) * productivity, todo_proc + todo_prep)
        procedure = min(work, todo_proc)
        filed = self.filed
        if filed < 0 and self.proc_done + procedure >= proc_hours - 1e-9:
            filed = week  # the procedure is filed this week: its permits' wait starts
        wait = max(proc_weeks - (week - filed if filed >= 0 else 0), 0.0)
        waiting = todo_proc + todo_prep <= 0 and wait > 0
        converging = before < cfg.direction and after - before >= 1e-3
        stuck = work < cfg.min_progress_hours and not waiting and not converging
        given = coordination + work / productivity
        return Work(
            pledged, coordination, procedure, work - procedure, given, stuck, after, covered,
            filed,
        )  # fmt: skip
