"""WaardenModel the way Mesa builds and observes models: keyword arguments, `rng`, a DataCollector.

`configure` turns Mesa-style constructor arguments into the run's `Config`:

- a group option as a keyword (`strategy="opschalen"`, `environment="amsterdam"`,
  `reduction="watts"`) composes that option exactly as the command line does
  (`uv run waardenmakerij strategy=opschalen`; `reduction` as `+reduction=watts`);
- a dotted key (`**{"tussenruimte.friction": 0.2}`) sets one parameter, or a node a dict of
  them (`population={"n_actors": 300}`), through `sim.config`'s checks: a bad key or value
  raises `sim.errors.ConfigError` with the one line the command prints;
- `rng` or `seed` (the same thing, as in Mesa) sets the run's one seed, `cfg.seed`
  (`seed_of`); omitted, the config's seed runs (42 by default);
- `scenario`, a `mesa.experimental.scenarios.Scenario` (what SolaraViz's Reset passes): its
  parameters as keywords, its `rng`, if not None, as `rng`.

`WeeklyCollector` is the model's `datacollector`: a `mesa.DataCollector` whose model reporters
are the recorder's weekly indicators (sim.output.records.COLUMNS), collected once a week from
the row the recorder writes at the end of the step (nothing is recomputed).
"""

import collections
import copy
import functools
import numbers
from collections.abc import Sequence

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario

from sim.config import PARAMS, Config, allowed, assign, shown
from sim.config.compose import GROUPS, REQUIRED_GROUPS, check_key, compose_config, to_config
from sim.errors import ConfigError
from sim.output.records import COLUMNS
from sim.seeds import MAX_SEED


class _Unset:
    """The default of `rng` and `seed`: not given, so the config's seed runs."""

    def __repr__(self) -> str:
        return "<the config's seed>"


UNSET = _Unset()

#: Groups whose option a keyword argument may choose (an experiment is a sweep, not a run).
OPTION_GROUPS = tuple(group for group in GROUPS if group != "experiment")
#: Recorder columns that the time series holds as booleans (`Recorder.frame`).
BOOLEAN_COLUMNS = ("imbalance", "imbalance_year")


# ------------------------------------------------------------------ the config


def configure(config: Config | None = None, rng=UNSET, seed=UNSET, params=None) -> Config:
    """The config a WaardenModel built with these arguments runs (not yet validated).

    Without arguments it is `config` itself (or `Config()`, the run default), as before; with
    any, a copy. Group options cannot be combined with a `config` (compose the config with
    them instead: `sim.api.compose_config(["strategy=opschalen"])`).
    """
    params = dict(params or {})
    scenario = params.pop("scenario", None)
    if scenario is not None:
        rng, params = _from_scenario(scenario, rng, seed, params)
    options = {key: _option(key, params.pop(key)) for key in list(params) if key in GROUPS}
    run_seed = resolve_seed(rng, seed)
    if not options and not params and run_seed is None:
        return config if config is not None else Config()
    if options and config is not None:
        given = ", ".join(f"{key}={shown(value)}" for key, value in options.items())
        raise ConfigError(
            f"{given} is not allowed with a config: compose the config with the option "
            "(sim.api.compose_config), or pass the option without a config"
        )
    if options:
        cfg = copy.deepcopy(_composed(tuple(sorted(options.items()))))
    else:
        cfg = copy.deepcopy(config) if config is not None else Config()
    for key, value in params.items():
        set_param(cfg, key, value)
    if run_seed is not None:
        cfg.seed = run_seed
    return cfg


def _option(group: str, value) -> str:
    """A group option given as a keyword, checked against the group's files."""
    value = _plain(value)
    if group not in OPTION_GROUPS:
        raise ConfigError(
            f"{group}={shown(value)} is not allowed: an {group} is a sweep, run it with "
            f"`uv run waardenmakerij -m +{group}=<name>` (or sweep with mesa.batch_run)"
        )
    if not isinstance(value, str) or value not in GROUPS[group]:
        raise ConfigError(
            f"{group}={shown(value)} is not allowed: use one of {', '.join(GROUPS[group])}"
        )
    return value


@functools.lru_cache(maxsize=32)
def _composed(options: tuple[tuple[str, str], ...]) -> Config:
    """The composed config of these group options (Hydra takes 0.3 s: once per process)."""
    overrides = [
        f"{group}={option}" if group in REQUIRED_GROUPS else f"+{group}={option}"
        for group, option in options
    ]
    return to_config(compose_config(overrides))


def set_param(cfg: Config, key: str, value) -> None:
    """Set one parameter (or a node's, from a dict) in place; kind and key checked here, the
    range by `validate`, each with the one line the command prints."""
    value = _plain(value)
    check_key(key, value)
    if key not in PARAMS:  # a node of keys, given as a dict (checked above)
        for name, item in value.items():
            set_param(cfg, f"{key}.{name}", item)
        return
    default = PARAMS[key][0]
    if isinstance(default, float):
        value = float(value)  # 1 as 1.0, as OmegaConf stores it from the command line
    elif isinstance(default, list):
        value = [float(v) for v in value]
    assign(cfg, key, value)


def _plain(value):
    """Numpy scalars and arrays (as parameter grids make them) as Python values, tuples as
    lists; anything else as it is."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray | tuple):
        return [_plain(v) for v in list(value)]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _from_scenario(scenario, rng, seed, params):
    """`rng` and the parameters of a Mesa Scenario; explicit keywords win."""
    if not isinstance(scenario, Scenario):
        raise ConfigError(
            f"scenario={scenario!r} is not allowed: use a mesa.experimental.scenarios.Scenario"
        )
    values = {k: v for k, v in vars(scenario).items() if k != "rng" and not k.startswith("_")}
    if scenario.rng is not None and rng is UNSET and seed is UNSET:
        rng = scenario.rng
    return rng, {**values, **params}


# ------------------------------------------------------------------ the seed


def resolve_seed(rng=UNSET, seed=UNSET) -> int | None:
    """The run seed of Mesa's `rng`/`seed` arguments, or None to keep the config's.

    Mesa takes one or the other; so does this (a None beside a value is ignored).
    """
    given = {name: value for name, value in (("rng", rng), ("seed", seed)) if value is not UNSET}
    if len(given) == 2:
        if rng is not None and seed is not None:
            raise ConfigError(
                f"rng={rng!r} and seed={seed!r} are not allowed together: pass one of them"
            )
        given = {name: value for name, value in given.items() if value is not None} or {"rng": None}
    if not given:
        return None
    ((name, value),) = given.items()
    return seed_of(value, name)


def seed_of(value, name: str = "rng") -> int:
    """The run's one seed (an int, recorded in `cfg.seed` and the outputs) for a Mesa seed.

    - an int: that seed;
    - None: a fresh seed from the operating system's entropy (Mesa's meaning of None, which
      `mesa.batch_run(iterations=n)` passes to every run); it is recorded, so the run can
      be repeated with `seed=model.cfg.seed`;
    - a `numpy.random.SeedSequence`: `SeedSequence(s)` is seed s (the model spreads its
      streams from `SeedSequence(cfg.seed)`); any other, e.g. a spawned one, the seed its
      state gives as `sim.seeds.derive_seed` does, so `SeedSequence(s, spawn_key=(r,))` is
      replication r of base seed s (`seed=s +replication=r` on the command line);
    - a sequence of ints: as `SeedSequence(list)`;
    - a `numpy.random.Generator` (or BitGenerator): one seed drawn from it (advancing it):
      a Generator is not a seed that can be recorded, the draw is; the same state gives the
      same run.
    """
    if value is None:
        return _state_seed(np.random.SeedSequence())
    if isinstance(value, bool):
        pass
    elif isinstance(value, numbers.Integral):
        if not 0 <= value <= MAX_SEED:
            raise ConfigError(f"{name}={value} is out of range: use {allowed('seed')}")
        return int(value)
    elif isinstance(value, np.random.SeedSequence):
        entropy = value.entropy
        plain = not value.spawn_key and value.pool_size == 4 and isinstance(entropy, int)
        return entropy if plain and entropy <= MAX_SEED else _state_seed(value)
    elif isinstance(value, np.random.BitGenerator):
        return seed_of(np.random.Generator(value), name)
    elif isinstance(value, np.random.Generator):
        return int(value.integers(0, MAX_SEED, endpoint=True))
    elif isinstance(value, Sequence) and not isinstance(value, str) and value:
        if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
            return _state_seed(np.random.SeedSequence([int(v) for v in value]))
    raise ConfigError(
        f"{name}={value!r} is not allowed: use {allowed('seed')}, a numpy SeedSequence or "
        "Generator, or None for a fresh seed"
    )


def _state_seed(sequence: np.random.SeedSequence) -> int:
    return int(sequence.generate_state(1, dtype=np.uint64)[0]) & MAX_SEED


# ------------------------------------------------------------------ the DataCollector


def latest(model, name: str):
    """A model reporter: indicator `name` of the last week the recorder wrote."""
    recorder = model.recorder
    value = recorder.data[name][recorder.weeks - 1]
    return bool(value) if name in BOOLEAN_COLUMNS else float(value)


def run_seed(model) -> int:
    """A model reporter: the seed the run used (`cfg.seed`), also when `rng=None` drew it."""
    return model.cfg.seed


class WeeklyCollector(mesa.DataCollector):
    """Mesa's DataCollector over the recorder's weekly indicators, one row a week.

    Its model reporters are `latest` for each recorder column (sim.output.records.COLUMNS)
    and `run_seed` as `seed`: in `mesa.batch_run`'s table that replaces the `seed` argument
    (None for `iterations`) with the seed the run drew. The reporters are picklable
    (partials of module functions).

    The recorder hands it each week's row as it writes it (`Recorder.record`, at the end of
    the step), so it collects once a week and only then (an app model that stands still at
    its end adds no rows). `collect` stores what the reporters would return without calling
    them one by one: the row at once (as long as the reporters are these; with others, Mesa's
    own `collect`). Row i is week i + 1, as Mesa numbers steps: `get_model_vars_dataframe()`
    is indexed by that step ("Step"), so Mesa's plots put week 1 at 1.
    """

    def __init__(self, model):
        reporters = {name: functools.partial(latest, name=name) for name in COLUMNS}
        super().__init__(model_reporters={**reporters, "seed": functools.partial(run_seed)})
        self._own = list(self.model_reporters)
        self._columns = [self.model_vars[name] for name in COLUMNS]
        self._flags = [(self.model_vars[name], COLUMNS.index(name)) for name in BOOLEAN_COLUMNS]

    def collect(self, model) -> None:
        """Mesa's `collect`, the recorder's last row stored at once (the same values)."""
        if list(self.model_reporters) != self._own or self.agent_reporters:
            return super().collect(model)
        self._collection_steps.append(model.week)  # = model.steps = model.time, as ints
        row = model.recorder.row(model.recorder.weeks - 1)
        collections.deque(map(list.append, self._columns, row), maxlen=0)
        for column, at in self._flags:
            column[-1] = bool(row[at])
        self.model_vars["seed"].append(model.cfg.seed)

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        frame = super().get_model_vars_dataframe()
        frame.index = pd.Index([int(s) for s in self._collection_steps], name="Step")
        return frame
