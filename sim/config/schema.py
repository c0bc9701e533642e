"""The whole configuration (`Config`, Hydra's schema) and its parameters by dotted key."""

import dataclasses
from dataclasses import dataclass

from sim.config.fields import group, param
from sim.config.mechanisms import (
    ChainsConfig,
    FeedbackConfig,
    MkbaConfig,
    OwnershipConfig,
    PledgeConfig,
    ProcurementConfig,
    TussenruimteConfig,
)
from sim.config.scenario import EnvironmentConfig, PopulationConfig, StrategyConfig


@dataclass
class RunConfig:
    years: float = param(10.0, "years (52 weekly steps each)", 0.02, 500)


@dataclass
class PosteriorConfig:
    """A draw of the calibration's posterior (`sim.config.posterior`, `+posterior=draws`)."""

    draw: int = param(-1, "index of a posterior draw (-1: none)", -1, 1_000_000, source="design")
    draws: str = param(
        "calibration/nl_draws.csv",
        "CSV (or Parquet) file of posterior draws (relative: inside configs/)",
        source="uv run waardenmakerij-calibrate --install (docs/calibration.md)",
    )


@dataclass
class Config:
    """The whole model configuration (Hydra's `config`).

    `Config()` is the run default, the scenario `configs/config.yaml` composes (environment
    wijk, strategy downscalen, seed 42): `sim.WaardenModel()`, `sim.run([])`,
    `uv run waardenmakerij` and the app run the same model (tests/test_mesa_native.py).
    """

    seed: int = param(42, "integer", 0, 2**63 - 1)
    run: RunConfig = group(RunConfig)
    population: PopulationConfig = group(PopulationConfig)
    environment: EnvironmentConfig = group(EnvironmentConfig)
    strategy: StrategyConfig = group(StrategyConfig)
    chains: ChainsConfig = group(ChainsConfig)
    pledge: PledgeConfig = group(PledgeConfig)
    tussenruimte: TussenruimteConfig = group(TussenruimteConfig)
    feedback: FeedbackConfig = group(FeedbackConfig)
    ownership: OwnershipConfig = group(OwnershipConfig)
    mkba: MkbaConfig = group(MkbaConfig)
    procurement: ProcurementConfig = group(ProcurementConfig)
    posterior: PosteriorConfig = group(PosteriorConfig)


def iter_params(obj, prefix: str = ""):
    """Yield (dotted key, value, metadata) for every parameter of a config dataclass."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            yield from iter_params(value, key + ".")
        else:
            yield key, value, f.metadata


#: Every parameter: dotted key -> (default, metadata); its kind is its default's type.
PARAMS = {key: (value, meta) for key, value, meta in iter_params(Config())}

#: The parameters that take whole numbers.
INTEGER_KEYS = frozenset(
    key for key, (v, _) in PARAMS.items() if isinstance(v, int) and not isinstance(v, bool)
)


def sampled(key: str, value: float) -> int | float:
    """A number drawn from a range (a design point, an EMA sample) as the config takes it:
    integers rounded, `environment.local_degree` to an even number."""
    if key == "environment.local_degree":
        return int(2 * round(float(value) / 2))
    if key in INTEGER_KEYS:
        return int(round(float(value)))
    return float(value)
