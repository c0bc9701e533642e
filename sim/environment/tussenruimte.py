"""Tussenruimte (principle 3): the room between procedures and everyday life.

Modelled as procedural friction: a case needs extra hours of paperwork and must wait a number
of weeks for permits. Both scale with the area's friction level (0-1). An official in the
value chain removes a share of it (officials can open tussenruimte), and every realised case
lowers the level for the cases after it (learning after wins).
"""

import numpy as np

from sim.config import ChainsConfig, TussenruimteConfig


class Tussenruimte:
    """The friction level of the area and what it costs a case."""

    def __init__(self, cfg: TussenruimteConfig, chains: ChainsConfig):
        self.cfg = cfg
        self.level = cfg.friction
        scales = ("perceel", "buurt", "wijk")
        self._hours = np.array([chains.scale(s).friction_hours for s in scales])
        self._weeks = np.array([chains.scale(s).friction_weeks for s in scales])

    def case_friction(self, has_official: np.ndarray) -> np.ndarray:
        """Friction level a case meets: lower when an official is in its chain."""
        return self.level * (1.0 - self.cfg.official_relief * has_official)

    def procedural_hours(self, scale: np.ndarray, friction: np.ndarray) -> np.ndarray:
        """Hours of procedure a case must put in (scale index 0-2)."""
        return self._hours[scale] * friction

    def procedural_weeks(self, scale: np.ndarray, friction: np.ndarray) -> np.ndarray:
        """Weeks a case must wait for its procedures before the investment decision."""
        return self._weeks[scale] * friction

    def learn(self, wins: int) -> None:
        """Each win teaches the organisations involved a way through: friction falls."""
        self.level *= (1.0 - self.cfg.learning) ** wins
