"""The four actor kinds as Mesa agents (CONCEPTS.md: actors).

Each agent is a view on one row of the model's `ActorState`: reading `agent.trust` reads the
array, so a notebook or the app can follow one actor while the weekly dynamics update all of
them at once. Agents sit on the cells of a `mesa.discrete_space.Network`.
"""

import numpy as np
from mesa.discrete_space import FixedAgent

from sim.agents.roles import ROLES
from sim.config import FIRMS


class Actor(FixedAgent):
    """An actor in the waardenmakerij; its state lives in `model.actors` at `self.index`."""

    kind = ""

    def __init__(self, model, index: int, cell):
        super().__init__(model)
        self.index = index
        if cell is not None:
            self.cell = cell

    def _get(self, name):
        return getattr(self.model.actors, name)[self.index]

    values = property(lambda self: self._get("values"), doc="Weights over the three capitals.")
    hours_week = property(lambda self: self._get("hours_week"), doc="Hours a week available.")
    money = property(lambda self: self._get("money"), doc="Euro free to invest.")
    passion = property(lambda self: self._get("passion"), doc="Bezieling, 0-1.")
    attachment = property(lambda self: self._get("attachment"), doc="Place attachment, 0-1.")
    trust = property(lambda self: self._get("trust"), doc="Trust in people one knows, 0-1.")
    skill = property(lambda self: self._get("skill"), doc="Vaardigheid, 0-1.")
    ownership = property(lambda self: self._get("ownership"), doc="Euro of value added owned.")
    parcel = property(lambda self: int(self._get("parcel")), doc="Home perceel.")
    buurt = property(lambda self: int(self._get("buurt")), doc="Home buurt.")

    @property
    def roles(self) -> dict[int, str]:
        """The roles this actor now holds, by case id (several chains at once)."""
        book = self.model.chains
        rows = np.flatnonzero(
            book.m_active[: book.n_members] & (book.m_actor[: book.n_members] == self.index)
        )
        return {int(book.m_case[r]): ROLES[book.m_role[r]] for r in rows}


class Bewoner(Actor):
    """Resident: time, little money, place attachment, passion."""

    kind = "bewoner"


class Ondernemer(Actor):
    """Entrepreneur, from zzp and local MKB to larger firms: money, expertise, economic motive.
    Bids for the execution of cases from its own cost, skill and values (theme 4)."""

    kind = "ondernemer"

    @property
    def firm(self) -> str:
        """Firm type: zzp, mkb, groot or sociaal (social enterprise)."""
        return FIRMS[self._get("firm")]


class Ambtenaar(Actor):
    """Official or administrator: procedures and permits, can open tussenruimte."""

    kind = "ambtenaar"


class Organisatie(Actor):
    """Institution (housing corporation, school, care, water board): budgets, slower decisions."""

    kind = "organisatie"


ACTOR_CLASSES = (Bewoner, Ondernemer, Ambtenaar, Organisatie)
