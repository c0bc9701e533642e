"""What happened in a week: the typed record each phase returns (docs/ODD.md, process).

A phase takes the `World` and what earlier phases returned, changes the world, and returns
one of these records; the recorder and any probe read the records, so nothing about a
week is left on the model.

>>> Worked.nothing(3).hours_by_actor
array([0., 0., 0.])
"""

from dataclasses import dataclass

import numpy as np

from sim.vocabulary import Status

NONE = np.zeros(0, np.int64)


@dataclass(frozen=True, slots=True)
class Started:
    """`initiate`: the cases opened this week (initiators are their first members)."""

    cases: np.ndarray


@dataclass(frozen=True, slots=True)
class Moved:
    """`move`: residents who moved out (newcomers took their homes) and the memberships that
    ended with them."""

    actors: np.ndarray
    rows: np.ndarray


@dataclass(frozen=True, slots=True)
class Left:
    """`leave`: memberships that ended because their actor left, and the chains that got a
    new initiator."""

    rows: np.ndarray
    successions: np.ndarray


@dataclass(frozen=True, slots=True)
class Ended:
    """`end_cases`: cases closed with `status` (stalled or dissolved) and the memberships
    that ended with them."""

    cases: np.ndarray
    status: Status
    rows: np.ndarray


@dataclass(frozen=True, slots=True)
class Joined:
    """`mobilise`: the new memberships and the themes scope creep added."""

    rows: np.ndarray
    themes_added: int


@dataclass(frozen=True, slots=True)
class Pledged:
    """`pledge`: hours pledged this week over all chains and how many actors imitated."""

    hours: float
    imitated: int


@dataclass(frozen=True, slots=True)
class Worked:
    """`coordinate`: the week's hours by use, per actor and per team membership (`rows`,
    the hours each gave), and the cases that stalled."""

    coordination: float
    procedure: float
    productive: float
    hours_by_actor: np.ndarray
    stalled: np.ndarray
    rows: np.ndarray
    hours: np.ndarray

    @classmethod
    def nothing(cls, n_actors: int) -> "Worked":
        """A week in which no chain worked."""
        return cls(0.0, 0.0, 0.0, np.zeros(n_actors), NONE, NONE, np.zeros(0))


@dataclass(frozen=True, slots=True)
class Decided:
    """`decide`: the cases that took their investment decision and the euro given."""

    cases: np.ndarray
    money: float


@dataclass(frozen=True, slots=True)
class Realised:
    """`realise`: the cases the executor delivered this week."""

    cases: np.ndarray


@dataclass(frozen=True, slots=True)
class Owned:
    """`own`: euro of value added that became the contributors' (principle 2)."""

    cases: np.ndarray
    euro: float


@dataclass(frozen=True, slots=True)
class Felt:
    """`feel`: felt ownership gained this week (from work and from realised cases) and lost
    by those in no chain, summed over actors, and how many count as co-owners."""

    gained: float
    lost: float
    co_owners: int


@dataclass(frozen=True, slots=True)
class Wins:
    """`small_wins`: realised cases, how many contributed to them and how many saw them."""

    cases: np.ndarray
    contributors: int
    witnesses: int


@dataclass(frozen=True, slots=True)
class Learned:
    """`learn`: skill gained this week over all actors, by doing and from case teams."""

    by_doing: float
    from_teams: float


@dataclass(frozen=True, slots=True)
class Week:
    """The records of one week, in the order the phases ran."""

    number: int
    moved: Moved
    started: Started
    left: Left
    dissolved: Ended
    joined: Joined
    pledged: Pledged
    worked: Worked
    stalled: Ended
    decided: Decided
    realised: Realised
    owned: Owned
    felt: Felt
    wins: Wins
    learned: Learned
