"""Structured configuration: every parameter with its unit, range and source.

The dataclasses below are the Hydra schema (registered in the ConfigStore) and the single
source of truth for `docs/ODD.md`'s parameter table. Each field is made with `param`, which
stores its unit, allowed range and source in the field's metadata; `validate` checks a
config against those ranges and raises `ConfigError` with one line naming key, value and
what is allowed.

The package's modules, lowest first: `fields` (how a parameter is declared), `scenario`
(population, environment, strategy), `mechanisms` (chains, pledge, tussenruimte, feedback,
ownership, mkba, procurement), `schema` (`Config`, `PARAMS`), `memory` (what a run needs), `checks`
(`check_value`, `validate`) and `compose` (Hydra's groups and overrides; imported on its own,
`from sim.config.compose import compose_config`, as it loads Hydra).
"""

from sim.config.checks import allowed, assign, check_value, close_key, validate
from sim.config.fields import group, param
from sim.config.mechanisms import (
    FIRMS,
    ROUTES,
    ChainsConfig,
    FeedbackConfig,
    MkbaConfig,
    OwnershipConfig,
    PledgeConfig,
    ProcurementConfig,
    ScaleConfig,
    TussenruimteConfig,
)
from sim.config.memory import GIB, MIB, available_memory, check_memory, memory_needed
from sim.config.scenario import (
    KINDS,
    SCALES,
    EnvironmentConfig,
    KindConfig,
    PopulationConfig,
    StrategyConfig,
)
from sim.config.schema import PARAMS, Config, RunConfig, iter_params
from sim.errors import ConfigError, shown

__all__ = [
    "FIRMS",
    "GIB",
    "KINDS",
    "MIB",
    "PARAMS",
    "ROUTES",
    "SCALES",
    "ChainsConfig",
    "Config",
    "ConfigError",
    "EnvironmentConfig",
    "FeedbackConfig",
    "KindConfig",
    "MkbaConfig",
    "OwnershipConfig",
    "PledgeConfig",
    "PopulationConfig",
    "ProcurementConfig",
    "RunConfig",
    "ScaleConfig",
    "StrategyConfig",
    "TussenruimteConfig",
    "allowed",
    "assign",
    "available_memory",
    "check_memory",
    "check_value",
    "close_key",
    "group",
    "iter_params",
    "memory_needed",
    "param",
    "shown",
    "validate",
]
