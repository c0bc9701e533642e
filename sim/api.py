"""The Python API: compose a config from overrides and run the model.

The model itself (Mesa and friends, seconds to import) is imported when a run starts, not
with this module: a sweep's launching process composes configs but never runs the model.
"""

from pathlib import Path

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
from sim.errors import ConfigError
from sim.output.results import Results, collect  # noqa: F401 (collect: the API's too)


def simulate(config: Config) -> Results:
    """Run one model to the end and collect its frames."""
    from sim.model import WaardenModel

    model = WaardenModel(config).run()
    return collect(model)


def _config(overrides: list[str], composed: dict) -> Config:
    """The checked config of `overrides`, composed once for all that differ only in a plain
    `seed=<n>` (that seed then replaced and checked, as composing would)."""
    import dataclasses

    from sim.config import validate

    seeds = [o for o in overrides if o.startswith("seed=")]
    rest = tuple(o for o in overrides if not o.startswith("seed="))
    value = seeds[0].removeprefix("seed=") if len(seeds) == 1 else ""
    if not value.isdigit():
        return to_config(compose_config(overrides))
    if rest not in composed:
        composed[rest] = to_config(compose_config(list(rest)))
    return validate(dataclasses.replace(composed[rest], seed=int(value)))


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


def run_many(runs: list[list[str]], n_jobs: int = -1, batch: int | str = "auto") -> list[Results]:
    """Run several override lists side by side on the machine's cores; results in their order.

    Every config is composed and checked first, so a bad one raises `ConfigError` naming the
    run before any run starts. Runs whose configs differ only in their seed are stepped
    together as batches (`sim.batch`) of at most `batch` runs ("auto": `sim.batch.auto_size`;
    1: each run alone), the batches spread over `n_jobs` workers (-1: every core; 1: one
    after another here). Each result is exactly `run(overrides)`'s, whatever `n_jobs` and
    `batch` (tests/test_api.py, tests/test_batch.py).

    >>> a, b = run_many([["seed=1", "run.years=1"], ["seed=2", "run.years=1"]])
    >>> a.summary["seed"].item(), b.summary["seed"].item()
    (1, 2)
    """
    from joblib import Parallel, cpu_count, delayed

    from sim.batch import plan, run_part

    configs = []
    composed: dict[tuple[str, ...], Config] = {}  # Hydra's compose is slow: once a config
    for i, overrides in enumerate(runs):
        try:
            configs.append(_config(list(overrides), composed))
        except ConfigError as error:
            raise ConfigError(f"run {i}: {error}") from None
    workers = 1 if n_jobs == 1 else (cpu_count() if n_jobs < 0 else n_jobs)
    parts = plan(configs, batch, workers)
    if workers == 1 or len(parts) < 2:
        done = [run_part([configs[i] for i in part]) for part in parts]
    else:
        done = Parallel(n_jobs=n_jobs)(
            delayed(run_part)([configs[i] for i in part]) for part in parts
        )
    results: list[Results] = [None] * len(configs)
    for part, part_results in zip(parts, done, strict=True):
        for i, result in zip(part, part_results, strict=True):
            results[i] = result
    return results
