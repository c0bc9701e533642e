"""Tussenruimte (principle 3): the room between procedures and everyday life.

Modelled as procedural friction: a case needs extra hours of paperwork and must wait a number
of weeks for permits. Both scale with the area's friction level (0-1) and the case's scale.
An official in the value chain removes a share of it (officials can open tussenruimte), and
every realised case lowers the level for the cases after it (learning after wins).
"""

import numpy as np

from sim.config import ChainsConfig, TussenruimteConfig
from sim.vocabulary import Kind


class Tussenruimte:
    """The friction level of the area and what it costs a case."""

    def __init__(self, cfg: TussenruimteConfig, chains: ChainsConfig):
        self.cfg = cfg
        self.level = cfg.friction
        self._hours = chains.per_scale("friction_hours")
        self._weeks = chains.per_scale("friction_weeks")

    def case_friction(self, has_official: np.ndarray) -> np.ndarray:
        """Friction level a case meets: lower when an official is in its chain."""
        return self.level * (1.0 - self.cfg.official_relief * has_official)

    def procedural_hours(self, scale: np.ndarray, friction: np.ndarray) -> np.ndarray:
        """Hours of procedure a case must put in (by `Scale`)."""
        return self._hours[scale] * friction

    def procedural_weeks(self, scale: np.ndarray, friction: np.ndarray) -> np.ndarray:
        """Weeks a case must wait for its procedures before the investment decision."""
        return self._weeks[scale] * friction

    def learn(self, wins: int) -> None:
        """Each win teaches the organisations involved a way through: friction falls."""
        self.level *= (1.0 - self.cfg.learning) ** wins


def has_official(world, ids: np.ndarray) -> np.ndarray:
    """Whether an official (ambtenaar) is an active member of each case."""
    book = world.chains
    rows = book.active_rows()
    rows = rows[world.actors.kind[book.m_actor[rows]] == Kind.AMBTENAAR]
    return book.per_case(rows)[ids] > 0


def procedure(world, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Procedure hours and waiting weeks each case meets."""
    friction = world.tussenruimte.case_friction(has_official(world, ids))
    scale = world.chains.c_scale[ids]
    return (
        world.tussenruimte.procedural_hours(scale, friction),
        world.tussenruimte.procedural_weeks(scale, friction),
    )
