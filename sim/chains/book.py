"""Cases and value chains (waardenketens) as arrays: the ledger of who is in what.

A case is an initiative at a place, with a scope (themes: its integraliteit) and a scale.
Its value chain is the changing set of memberships: one row per actor in a chain, with role,
week joined and left, and hours and money pledged and given. The book's methods are the
questions the phases ask of it (the cases in a status, a chain's team, totals per case) and
the one way pledges are released. `ValueChain` is a read-only view of one case for notebooks
and the app.
"""

from dataclasses import dataclass

import numpy as np

from sim.vocabulary import EFFECTS, THEMES, Origin, Status, labels

MOBILISEREN, REALISEREN, GEREALISEERD, GESTAGNEERD, ONTBONDEN = Status
STATUSES = labels(Status)
ORIGINS = labels(Origin)

#: One value per case: name -> dtype (the arrays are `ChainBook.c_<name>`).
_CASE_FIELDS = {
    "origin": np.int8,  # Origin
    "initiator": np.int64,  # actor id
    "parcel": np.int64,
    "buurt": np.int64,
    "scale": np.int8,  # Scale
    "status": np.int8,  # Status
    "week_started": np.int64,
    "week_decided": np.int64,  # -1 until decided
    "week_ended": np.int64,  # -1 while open
    "realise_due": np.int64,  # week the executor delivers
    "executor": np.int64,  # actor id, -1 until procured
    "prep_done": float,  # hours of preparation done
    "proc_done": float,  # hours of procedure done
    "stall": np.int64,  # weeks in a row without progress
    "hours_given": float,
    "hours_coordination": float,
    "hours_procedure": float,
    "money_given": float,  # euro, the contract price
    "margin": float,  # euro of the price that is the executor's margin (producer surplus)
    "npv_eur": float,  # MKBA net present value
    "budget": float,  # euro the tender was for
    "offered": float,  # quality offered by the winner
    "target": float,  # quality the contract asks
    "quality": float,  # quality delivered
    "met": np.int8,  # target met: 1, 0; -1 before delivery
    "agreement": float,  # 0-1, the team's agreement after its last week (direction)
    "history": float,  # 0-1, the team's shared history at its last meeting (trusted_ties)
    "filed": np.int64,  # week its procedure was filed (tussenruimte), -1 before
    "momentum": float,  # 0-1, multiplies its productivity; lost when its initiator leaves (roles)
}
#: One value per membership: name -> dtype (the arrays are `ChainBook.m_<name>`).
_MEMBER_FIELDS = {
    "actor": np.int64,
    "case": np.int64,
    "role": np.int8,  # Role
    "role_first": np.int8,
    "role_switches": np.int64,
    "week_joined": np.int64,
    "week_left": np.int64,  # -1 while active
    "active": bool,
    "paid": bool,  # an executor from outside the chain
    "alignment": float,  # 0-1, the case's match with the member's values
    "hours_week": float,  # hours pledged this week
    "hours_pledged": float,
    "hours_given": float,
    "money_pledged": float,  # euro reserved for the case (the gift, once decided)
    "money_given": float,
    "ownership": float,  # euro of the case's value owned
    "felt": float,  # felt ownership (0-1 scale) the member gained in this chain
}
#: Case arrays with more than one column.
_CASE_TABLES = {
    "themes": (len(THEMES), bool),
    "value": (3, float),
    "benefit_year": (len(EFFECTS), float),
}
#: Membership arrays with more than one column (not archived: only open chains need them).
_MEMBER_TABLES = {
    "stance": (len(THEMES), float),  # 0-1 per theme, NaN until the first week (direction)
}
EMPTY = np.zeros(0, np.int64)


def sorted_unique(ids: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted: `np.unique(ids)` by sorting.

    Same result as `np.unique`, whose hash-table path (numpy >= 2.3, taken when no counts or
    indices are asked for) is 10-25 times slower than a sort on this machine.
    """
    ids = np.sort(ids)
    if len(ids) == 0:
        return ids
    keep = np.empty(len(ids), bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


class ChainBook:
    """Growable arrays of cases (`c_*`) and memberships (`m_*`).

    The `m_*` arrays hold the memberships of open cases (mobilising or realising); `compact`
    moves those of ended cases to an archive, so the weekly work grows with the open chains,
    not with the history. `all_members` gives archive and open memberships together.
    """

    c_origin: np.ndarray
    c_initiator: np.ndarray
    c_parcel: np.ndarray
    c_buurt: np.ndarray
    c_scale: np.ndarray
    c_status: np.ndarray
    c_week_started: np.ndarray
    c_week_decided: np.ndarray
    c_week_ended: np.ndarray
    c_realise_due: np.ndarray
    c_executor: np.ndarray
    c_prep_done: np.ndarray
    c_proc_done: np.ndarray
    c_stall: np.ndarray
    c_hours_given: np.ndarray
    c_hours_coordination: np.ndarray
    c_hours_procedure: np.ndarray
    c_money_given: np.ndarray
    c_margin: np.ndarray
    c_npv_eur: np.ndarray
    c_budget: np.ndarray
    c_offered: np.ndarray
    c_target: np.ndarray
    c_quality: np.ndarray
    c_met: np.ndarray
    c_agreement: np.ndarray
    c_history: np.ndarray
    c_themes: np.ndarray  # (cases, themes) bool: the scope
    c_value: np.ndarray  # (cases, capitals) euro of value added (MKBA benefits)
    c_benefit_year: np.ndarray  # (cases, effects) euro a year
    m_actor: np.ndarray
    m_case: np.ndarray
    m_role: np.ndarray
    m_role_first: np.ndarray
    m_role_switches: np.ndarray
    m_week_joined: np.ndarray
    m_week_left: np.ndarray
    m_active: np.ndarray
    m_paid: np.ndarray
    m_alignment: np.ndarray
    m_hours_week: np.ndarray
    m_hours_pledged: np.ndarray
    m_hours_given: np.ndarray
    m_money_pledged: np.ndarray
    m_money_given: np.ndarray
    m_ownership: np.ndarray
    m_felt: np.ndarray
    m_stance: np.ndarray  # (memberships, themes): the member's stance (sim.chains.direction)

    def __init__(self, capacity: int = 256):
        self.n_cases = 0
        self.n_members = 0
        self._archive: list[dict[str, np.ndarray]] = []
        for name, dtype in _CASE_FIELDS.items():
            setattr(self, f"c_{name}", np.zeros(capacity, dtype))
        for name, (width, dtype) in _CASE_TABLES.items():
            setattr(self, f"c_{name}", np.zeros((capacity, width), dtype))
        for name, dtype in _MEMBER_FIELDS.items():
            setattr(self, f"m_{name}", np.zeros(capacity * 8, dtype))
        for name, (width, dtype) in _MEMBER_TABLES.items():
            setattr(self, f"m_{name}", np.zeros((capacity * 8, width), dtype))

    # ------------------------------------------------------------------ growth
    def _grow(self, prefix: str, fields, needed: int) -> None:
        first = getattr(self, f"{prefix}{next(iter(fields))}")
        if needed <= len(first):
            return
        size = max(needed, 2 * len(first))
        names = [f"{prefix}{n}" for n in fields]
        tables = _CASE_TABLES if prefix == "c_" else _MEMBER_TABLES
        names += [f"{prefix}{n}" for n in tables]
        for name in names:
            old = getattr(self, name)
            new = np.zeros((size, *old.shape[1:]), old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def open_cases(self, origin, initiator, parcel, buurt, scale, themes, week: int) -> np.ndarray:
        """Add cases (vectorised); return their ids."""
        k = len(initiator)
        self._grow("c_", _CASE_FIELDS, self.n_cases + k)
        ids = np.arange(self.n_cases, self.n_cases + k)
        self.c_origin[ids] = origin
        self.c_initiator[ids] = initiator
        self.c_parcel[ids] = parcel
        self.c_buurt[ids] = buurt
        self.c_scale[ids] = scale
        self.c_themes[ids] = themes
        self.c_status[ids] = MOBILISEREN
        self.c_week_started[ids] = week
        self.c_week_decided[ids] = -1
        self.c_filed[ids] = -1
        self.c_momentum[ids] = 1.0
        self.c_week_ended[ids] = -1
        self.c_executor[ids] = -1
        self.c_met[ids] = -1
        self.c_agreement[ids] = 1.0  # a lone initiator agrees with itself
        self.n_cases += k
        return ids

    def add_members(
        self, actor, case, role, week: int, alignment, money_pledged, paid=False
    ) -> np.ndarray:
        """Add memberships (vectorised); return their row ids."""
        k = len(actor)
        self._grow("m_", _MEMBER_FIELDS, self.n_members + k)
        rows = np.arange(self.n_members, self.n_members + k)
        for name in _MEMBER_FIELDS:  # rows freed by `compact` still hold old values
            getattr(self, f"m_{name}")[rows] = 0
        self.m_stance[rows] = np.nan
        self.m_actor[rows] = actor
        self.m_case[rows] = case
        self.m_role[rows] = role
        self.m_role_first[rows] = role
        self.m_role_switches[rows] = 0
        self.m_week_joined[rows] = week
        self.m_week_left[rows] = -1
        self.m_active[rows] = True
        self.m_paid[rows] = paid
        self.m_alignment[rows] = alignment
        self.m_money_pledged[rows] = money_pledged
        self.n_members += k
        return rows

    def compact(self) -> None:
        """Archive the memberships of ended cases (realised, stalled or dissolved)."""
        m = self.members()
        ended = self.c_status[self.m_case[m]] >= GEREALISEERD
        if not ended.any():
            return
        self._archive.append({n: getattr(self, f"m_{n}")[m][ended] for n in _MEMBER_FIELDS})
        keep = np.flatnonzero(~ended)
        for name in [*_MEMBER_FIELDS, *_MEMBER_TABLES]:
            arr = getattr(self, f"m_{name}")
            arr[: len(keep)] = arr[keep]
        self.n_members = len(keep)

    def all_members(self) -> dict[str, np.ndarray]:
        """Every membership ever, archived and open: field name -> array (oldest first)."""
        m = self.members()
        live = {n: getattr(self, f"m_{n}")[m] for n in _MEMBER_FIELDS}
        return {n: np.concatenate([a[n] for a in self._archive] + [live[n]]) for n in live}

    # ------------------------------------------------------------------ queries
    def cases(self) -> slice:
        return slice(0, self.n_cases)

    def members(self) -> slice:
        return slice(0, self.n_members)

    def cases_in(self, status: Status) -> np.ndarray:
        """Ids of the cases in a status."""
        return np.flatnonzero(self.c_status[: self.n_cases] == status)

    def active_rows(self, status: Status | None = None) -> np.ndarray:
        """Rows of active memberships, optionally only in cases with `status`."""
        m = self.members()
        active = self.m_active[m]
        if status is not None:
            active &= self.c_status[self.m_case[m]] == status
        return np.flatnonzero(active)

    def team(self, status: Status = MOBILISEREN) -> np.ndarray:
        """Rows of the active unpaid members (those who pledge) of the cases in `status`."""
        rows = self.active_rows(status)
        return rows[~self.m_paid[rows]]

    def local(self, cases: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """For each membership row, the position of its case in `cases` (-1: not one)."""
        local_of = np.full(self.n_cases, -1)
        local_of[cases] = np.arange(len(cases))
        return local_of[self.m_case[rows]]

    def rows_of(self, cases: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The memberships (of `rows`, else all open ones) in the given cases."""
        if rows is None:
            return np.flatnonzero(np.isin(self.m_case[: self.n_members], cases))
        return rows[np.isin(self.m_case[rows], cases)]

    def per_case(self, rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Total per case (one entry per case id) of `weights` over membership `rows`, or
        their number when no weights are given."""
        return np.bincount(self.m_case[rows], weights, minlength=self.n_cases)

    def commissioned(self, rows: np.ndarray) -> np.ndarray:
        """Which memberships are paid work rather than community: the executor's, and the
        contractor who initiates an outsourced case on commission."""
        case = self.m_case[rows]
        contractor = (self.c_origin[case] == Origin.OUTSOURCED) & (
            self.m_actor[rows] == self.c_initiator[case]
        )
        return self.m_paid[rows] | contractor

    def per_actor(self, n_actors: int) -> np.ndarray:
        """Number of chains each actor is an unpaid active member of."""
        rows = self.active_rows()
        rows = rows[~self.m_paid[rows]]
        return np.bincount(self.m_actor[rows], minlength=n_actors)

    # ------------------------------------------------------------------ changes
    def release_pledges(self, rows: np.ndarray, reserved: np.ndarray) -> None:
        """Free the money the memberships `rows` pledged: the actors' `reserved` euro fall
        by it (never below zero) and the pledges become zero."""
        np.subtract.at(reserved, self.m_actor[rows], self.m_money_pledged[rows])
        np.maximum(reserved, 0.0, out=reserved)
        self.m_money_pledged[rows] = 0.0

    def set_role(self, rows: np.ndarray, role) -> None:
        """Give memberships a role, counting the switches."""
        changed = self.m_role[rows] != role
        self.m_role_switches[rows] += changed
        self.m_role[rows] = role

    def leave(self, rows: np.ndarray, week: int) -> None:
        """End memberships (the actor leaves, or the case ended)."""
        self.m_active[rows] = False
        self.m_week_left[rows] = week

    def integrality(self, ids=None) -> np.ndarray:
        """Number of themes in each case's scope."""
        themes = self.c_themes[: self.n_cases] if ids is None else self.c_themes[ids]
        return themes.sum(axis=1)


@dataclass
class ValueChain:
    """A read-only view of one case and its value chain, for notebooks and the app."""

    book: ChainBook
    case: int

    @property
    def status(self) -> str:
        return STATUSES[self.book.c_status[self.case]]

    @property
    def themes(self) -> list[str]:
        return [t for t, on in zip(THEMES, self.book.c_themes[self.case], strict=True) if on]

    @property
    def members(self) -> np.ndarray:
        """Actor ids of the active members."""
        b = self.book
        rows = np.flatnonzero(b.m_active[b.members()] & (b.m_case[b.members()] == self.case))
        return b.m_actor[rows]
