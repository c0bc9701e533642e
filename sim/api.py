"""The Python API: compose a config from overrides and run the model.

The model itself (Mesa and friends, seconds to import) is imported when a run starts, not
with this module: a sweep's launching process composes configs but never runs the model.
"""

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.config import Config, EnvironmentConfig, StrategyConfig, validate
from sim.output.results import Results, provenance

if TYPE_CHECKING:
    from sim.model import WaardenModel

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"

_FIELDS = {f.name for f in dataclasses.fields(Config)}

_store = ConfigStore.instance()
_store.store(name="base_config", node=Config)
_store.store(group="strategy", name="base_strategy", node=StrategyConfig)
_store.store(group="environment", name="base_environment", node=EnvironmentConfig)


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """The composed config for these overrides, exactly as the command line would make it."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=list(overrides or []))


def to_config(cfg: DictConfig) -> Config:
    """A validated `Config` from a composed DictConfig (drops Hydra's own node).

    A config composed against the schema (`base_config`) was type-checked by Hydra already and
    converts directly; anything else is merged into the schema first, which names a bad key.
    """
    if OmegaConf.get_type(cfg) is Config and set(cfg) - {"hydra"} <= _FIELDS:
        cfg = cfg.copy()
        with open_dict(cfg):
            cfg.pop("hydra", None)
        return validate(OmegaConf.to_object(cfg))
    plain = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"])
    return validate(OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(Config), plain)))


def simulate(config: Config) -> Results:
    """Run one model to the end and collect its frames."""
    from sim.model import WaardenModel

    model = WaardenModel(config).run()
    return collect(model)


def collect(model: "WaardenModel") -> Results:
    """The results of a model as it stands now."""
    from sim.business import mkba
    from sim.output.tables import case_log, membership_log, summary

    plain = dataclasses.asdict(model.cfg)  # as OmegaConf.to_container would give, 100x faster
    return Results(
        timeseries=model.recorder.frame(),
        cases=case_log(model),
        memberships=membership_log(model),
        distribution=mkba.distribution(model),
        tornado=mkba.tornado(model),
        summary=summary(model),
        provenance=provenance(plain, model.cfg.seed),
    )


def run(overrides: list[str] | None = None, output_dir: str | Path | None = None) -> Results:
    """Run the model with Hydra-style overrides, e.g. ``["strategy=opschalen", "seed=7"]``.

    Returns the results (`.timeseries`, `.cases`, `.memberships`, `.distribution`,
    `.tornado`, `.summary`); writes them
    to `output_dir` only when one is given.
    """
    results = simulate(to_config(compose_config(overrides)))
    if output_dir is not None:
        results.write(output_dir)
    return results
