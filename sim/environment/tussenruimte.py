"""Tussenruimte (principle 3): the room between procedures and everyday life.

Modelled as procedural friction, a level from 0 to 1 for each wijk and each scale of case
(the routes through a wijk's procedures for a perceel, a buurt or a wijk case). A case needs
`friction_hours * level` hours of paperwork and, once that is filed, waits
`friction_weeks * level` weeks for its permits (a gate: no decision before). An official in
the value chain opens room: the case meets `official_relief` less friction. Each realised
case teaches the organisations of its wijk a way through for its scale (`learning` of the
level), and what is not used is forgotten: the level returns towards the area's friction,
`forgetting_year` of the distance a year.

Residents and entrepreneurs weigh the expected procedural burden (`burden`) when they start
a case and when they join one: the procedure hours that would be theirs as a share of a year
of their hours, plus the years of waiting for the permits.
"""

import numpy as np

from sim.config import ChainsConfig, TussenruimteConfig
from sim.vocabulary import WEEKS_PER_YEAR, Kind, Scale


class Tussenruimte:
    """The friction level of each wijk for each scale of case, and what it costs a case."""

    def __init__(self, cfg: TussenruimteConfig, chains: ChainsConfig, n_wijken: int = 1):
        self.cfg = cfg
        self.level = np.full((n_wijken, len(Scale)), cfg.friction)
        self._hours = chains.per_scale("friction_hours")
        self._weeks = chains.per_scale("friction_weeks")

    @property
    def mean_level(self) -> float:
        """The mean friction over wijken and scales."""
        return float(self.level.mean())

    def case_friction(self, wijk, scale, has_official) -> np.ndarray:
        """Friction a case meets in its wijk at its scale: lower when an official is in its
        chain.

        >>> from sim.config import ChainsConfig, TussenruimteConfig
        >>> t = Tussenruimte(TussenruimteConfig(friction=0.4, official_relief=0.5), ChainsConfig())
        >>> t.case_friction(np.array([0, 0]), np.array([0, 0]), np.array([False, True])).tolist()
        [0.4, 0.2]
        """
        return self.level[wijk, scale] * (1.0 - self.cfg.official_relief * has_official)

    def procedural_hours(self, scale: np.ndarray, friction: np.ndarray) -> np.ndarray:
        """Hours of procedure a case must put in (by `Scale`)."""
        return self._hours[scale] * friction

    def procedural_weeks(self, scale: np.ndarray, friction: np.ndarray) -> np.ndarray:
        """Weeks a case waits for its permits once its procedure is filed."""
        return self._weeks[scale] * friction

    def learn(self, wijk: np.ndarray, scale: np.ndarray) -> None:
        """Each win teaches its wijk a way through for its scale: that friction falls."""
        np.multiply.at(self.level, (wijk, scale), 1.0 - self.cfg.learning)

    def forget(self) -> None:
        """A week without use: each level returns a little towards the area's friction."""
        back = self.cfg.forgetting_year / WEEKS_PER_YEAR
        self.level += back * (self.cfg.friction - self.level)


def burden(cfg: TussenruimteConfig, own_hours, weeks, hours_week) -> np.ndarray:
    """The expected procedural burden of a case to one actor: the procedure hours that would
    be its own as a share of a year of its hours (at least 0.1 an hour a week), plus the years
    of waiting for the permits; times the weight `deterrence`.

    >>> from sim.config import TussenruimteConfig
    >>> float(burden(TussenruimteConfig(deterrence=1.0), 52.0, 26.0, 2.0)[()])
    1.0
    """
    hours_year = np.maximum(hours_week, 0.1) * WEEKS_PER_YEAR
    years = np.asarray(weeks) / WEEKS_PER_YEAR
    return cfg.deterrence * (np.asarray(own_hours) / hours_year + years)


def start_factor(cfg: TussenruimteConfig, own_hours, weeks, hours_week) -> np.ndarray:
    """How much the burden lowers the chance to start a case: 1 / (1 + burden)."""
    return 1.0 / (1.0 + burden(cfg, own_hours, weeks, hours_week))


def has_official(world, ids: np.ndarray) -> np.ndarray:
    """Whether an official (ambtenaar) is an active member of each case."""
    book = world.chains
    rows = book.active_rows()
    rows = rows[world.actors.kind[book.m_actor[rows]] == Kind.AMBTENAAR]
    return book.per_case(rows)[ids] > 0


def procedure(world, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Procedure hours and permit waiting weeks each case meets."""
    book = world.chains
    scale = book.c_scale[ids]
    wijk = world.places.buurt_wijk[book.c_buurt[ids]]
    friction = world.tussenruimte.case_friction(wijk, scale, has_official(world, ids))
    return (
        world.tussenruimte.procedural_hours(scale, friction),
        world.tussenruimte.procedural_weeks(scale, friction),
    )


def waiting_left(world, ids: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    """Weeks each case still waits for its permits: all of them until its procedure is filed
    (`ChainBook.c_filed`), then what is left of them."""
    filed = world.chains.c_filed[ids]
    since = np.where(filed >= 0, world.week - filed, 0)
    return np.maximum(weeks - since, 0.0)


def file_procedures(world, ids: np.ndarray, need: np.ndarray) -> None:
    """Cases whose procedure hours are done file it this week: their permits' wait starts."""
    book = world.chains
    done = (book.c_filed[ids] < 0) & (book.c_proc_done[ids] >= need - 1e-9)
    book.c_filed[ids[done]] = world.week
