"""Cases and value chains (waardenketens) as arrays: the ledger of who is in what.

A case is an initiative at a place, with a scope (themes: its integraliteit) and a scale.
Its value chain is the changing set of memberships: one row per actor in a chain, with role,
week joined and left, and hours and money pledged and given. `ValueChain` is a read-only
view of one case for notebooks and the app.
"""

from dataclasses import dataclass

import numpy as np

from sim.environment.places import EFFECTS, THEMES
from sim.vocabulary import Status, labels

MOBILISEREN, REALISEREN, GEREALISEERD, GESTAGNEERD, ONTBONDEN = Status
STATUSES = labels(Status)
ORIGINS = ("bottom_up", "top_down", "outsourced")

_CASE_FIELDS = {
    "origin": np.int8,
    "initiator": np.int64,
    "parcel": np.int64,
    "buurt": np.int64,
    "scale": np.int8,
    "status": np.int8,
    "week_started": np.int64,
    "week_decided": np.int64,
    "week_ended": np.int64,
    "realise_due": np.int64,
    "executor": np.int64,
    "prep_done": float,
    "proc_done": float,
    "stall": np.int64,
    "hours_given": float,
    "hours_coordination": float,
    "hours_procedure": float,
    "money_given": float,
    "npv_eur": float,
    "budget": float,
    "offered": float,
    "target": float,
    "quality": float,
    "met": np.int8,
}
_MEMBER_FIELDS = {
    "actor": np.int64,
    "case": np.int64,
    "role": np.int8,
    "role_first": np.int8,
    "role_switches": np.int64,
    "week_joined": np.int64,
    "week_left": np.int64,
    "active": bool,
    "paid": bool,
    "alignment": float,
    "hours_week": float,
    "hours_pledged": float,
    "hours_given": float,
    "money_pledged": float,
    "money_given": float,
    "ownership": float,
}


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

    def __init__(self, capacity: int = 256):
        self.n_cases = 0
        self.n_members = 0
        self._archive: list[dict[str, np.ndarray]] = []
        for name, dtype in _CASE_FIELDS.items():
            setattr(self, f"c_{name}", np.zeros(capacity, dtype))
        self.c_themes = np.zeros((capacity, len(THEMES)), bool)
        self.c_value = np.zeros((capacity, 3))
        self.c_benefit_year = np.zeros((capacity, len(EFFECTS)))
        for name, dtype in _MEMBER_FIELDS.items():
            setattr(self, f"m_{name}", np.zeros(capacity * 8, dtype))

    # ------------------------------------------------------------------ growth
    def _grow(self, prefix: str, fields, needed: int) -> None:
        first = getattr(self, f"{prefix}{next(iter(fields))}")
        if needed <= len(first):
            return
        size = max(needed, 2 * len(first))
        names = [f"{prefix}{n}" for n in fields]
        if prefix == "c_":
            names += ["c_themes", "c_value", "c_benefit_year"]
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
        self.c_week_ended[ids] = -1
        self.c_executor[ids] = -1
        self.c_met[ids] = -1
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
        for name in _MEMBER_FIELDS:
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

    def active_rows(self, status: int | None = None) -> np.ndarray:
        """Rows of active memberships, optionally only in cases with `status`."""
        m = self.members()
        active = self.m_active[m]
        if status is not None:
            active &= self.c_status[self.m_case[m]] == status
        return np.flatnonzero(active)

    def per_actor(self, n_actors: int) -> np.ndarray:
        """Number of chains each actor is an unpaid active member of."""
        rows = self.active_rows()
        rows = rows[~self.m_paid[rows]]
        return np.bincount(self.m_actor[rows], minlength=n_actors)

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
