"""The nulalternatief: the same wijk without the waardenmakerij (MKBA reference alternative).

An MKBA measures every effect against what would happen without the plan (Algemene leidraad
MKBA, CPB/PBL 2013, ch. 3: the nulalternatief). Here the reference is the run's own wijk —
the same seed, places, people, network and conditions — in which no case starts: no
resident or entrepreneur starts one from below (`chains.bottom_up_rate` 0) and no official
from above (`chains.top_down_rate` 0). What goes on without cases goes on as in the run:

- places wear (`environment.quality_decay_year`; regular maintenance is in neither
  alternative: the model has none);
- residents move out and newcomers take their homes (`population.turnover_year`), the same
  residents in both, as who moves has its own random stream (`World.moves`);
- thresholds return to their start and unused skill fades (`feedback`), the tussenruimte
  returns towards its friction (`tussenruimte.forgetting_year`), incomes come in.

The strategy acts only through cases, so the reference is one for all strategies: it runs
once per seed and condition (`reference`, kept for the process's later runs) and every
strategy is compared with it. It is stepped as far as a run asks (`Reference.at`), so a run
that goes on past its end finds its reference there too. The brede welvaart indicators and the
balance rule use it (`sim.output.records`); the MKBA's benefits are already the gains of the
cases over the places as they were, and a run without cases has no costs, so its NPV is 0.

>>> from sim.config import Config
>>> cfg = reference_config(Config())
>>> cfg.chains.bottom_up_rate, cfg.chains.top_down_rate, cfg.strategy.name
(0.0, 0.0, 'downscalen')
"""

import copy

import numpy as np

from sim.business import brede_welvaart
from sim.chains import turnover
from sim.config import Config, StrategyConfig
from sim.seeds import run_streams
from sim.world import begin_week, build_world, end_week

#: Reference runs kept in a process (the oldest goes first): a sweep's strategies of one
#: seed and condition reuse theirs.
KEPT = 8
_kept: dict[str, "Reference"] = {}


class Reference:
    """The nulalternatief of one config: its wijk, stepped without cases as far as asked.

    `at(week)` gives the indicators at the start (week 0) or after a week, as
    `sim.business.brede_welvaart.measure` gives them: the capital indices' means, the later
    capitals and hier en nu.
    """

    def __init__(self, cfg: Config):
        streams = run_streams(cfg.seed)
        self.world = build_world(cfg, np.random.default_rng(streams[0]), streams[1:])
        self._rows = [self._measure()]

    def _measure(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        w = self.world
        return brede_welvaart.measure(w.places, w.actors, w.people)

    def at(self, week: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The indicators after `week` weeks without cases."""
        while len(self._rows) <= week:
            week_without_cases(self.world)
            self._rows.append(self._measure())
        return self._rows[week]


def reference_config(cfg: Config) -> Config:
    """The config of `cfg`'s nulalternatief: no case starts, the strategy at its default (it
    acts only through cases, so every strategy shares the reference)."""
    ref = copy.deepcopy(cfg)
    ref.chains.bottom_up_rate = 0.0
    ref.chains.top_down_rate = 0.0
    ref.strategy = StrategyConfig()
    return ref


def week_without_cases(world) -> None:
    """A week of the wijk when no case exists: what `sim.model.run_week` does then, in its
    order (its other phases find no case; imitation moves propensities, which no indicator
    here reads)."""
    begin_week(world)
    turnover.move(world)
    end_week(world)


def reference(cfg: Config) -> Reference:
    """The nulalternatief of a validated config, one per seed and condition in a process (a
    wijk built from the same seed, so its places and people are the run's)."""
    ref = reference_config(cfg)
    key = repr(ref)
    if key not in _kept:
        if len(_kept) >= KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[key] = Reference(ref)
    return _kept[key]
