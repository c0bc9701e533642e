"""The Python API: compose a config from overrides and run the model.

The model itself (Mesa and friends, seconds to import) is imported when a run starts, not
with this module: a sweep's launching process composes configs but never runs the model.
"""

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from sim.config.compose import (  # noqa: F401 (the API's names for composing)
    CONFIG_DIR,
    GROUPS,
    REQUIRED_GROUPS,
    SWEEP_KEYS,
    check_overrides,
    compose_config,
    explain,
    job_overrides,
    to_config,
)
from sim.config.schema import Config
from sim.output.results import Results, provenance

if TYPE_CHECKING:
    from sim.model import WaardenModel


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


def run_many(runs: list[list[str]], n_jobs: int = -1) -> list[Results]:
    """Run several override lists side by side on the machine's cores; results in their order.

    Every config is composed and checked first, so a bad one raises `ConfigError` before any
    run starts. Each run is `run(overrides)` exactly (its seed comes from its own config), so
    the results do not depend on `n_jobs` (-1: every core; 1: one after another here).

    >>> a, b = run_many([["seed=1", "run.years=1"], ["seed=2", "run.years=1"]])
    >>> a.summary["seed"].item(), b.summary["seed"].item()
    (1, 2)
    """
    from joblib import Parallel, delayed

    configs = [to_config(compose_config(overrides)) for overrides in runs]
    if n_jobs == 1 or len(configs) < 2:
        return [simulate(config) for config in configs]
    return Parallel(n_jobs=n_jobs)(delayed(simulate)(config) for config in configs)
