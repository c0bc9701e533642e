"""Checking a run or a sweep before anything is written: every job's config, and the folder.

Hydra writes a sweep's `multirun.yaml` and each run's `.hydra/` before the run itself starts,
so a bad value that only the run noticed would leave files behind, or overwrite an earlier
run's. `sim.cli.Guard` calls these checks first, from Hydra's `on_run_start` and
`on_multirun_start`, when nothing has been written yet.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path

from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig

from sim.config import ConfigError

# Keys a sweep adds that are not model parameters (sim.cli): checked on their own.
SWEEP_KEYS = ("replication", "point")


def sweep_jobs(config: DictConfig) -> list[list[str]] | None:
    """The overrides of every job this multirun launches (None for a sweeper it does not know).

    >>> sweep_jobs(compose_config(["seed=1,2", "hydra.mode=MULTIRUN"]))  # doctest: +SKIP
    [['seed=1'], ['seed=2']]
    """
    sweeper = config.hydra.sweeper
    target = sweeper.get("_target_", "")
    arguments = list(config.hydra.overrides.task)
    if target.endswith("DesignSweeper"):
        from hydra_plugins.waardenmakerij_sweeper.design_sweeper import design_jobs

        return design_jobs(sweeper, arguments)
    if not target.endswith(("BasicSweeper", "ExperimentSweeper")):
        return None
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    params = [f"{k}={v}" for k, v in (sweeper.get("params") or {}).items()]
    loader = (
        GlobalHydra.instance().config_loader() if GlobalHydra.instance().is_initialized() else None
    )
    overrides = OverridesParser.create(config_loader=loader).parse_overrides(params + arguments)
    return [list(job) for job in BasicSweeper.split_arguments(overrides, None)[0]]


def _key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


def check_jobs(config: DictConfig, jobs: list[list[str]], check: Callable[[DictConfig], object]):
    """Compose each job's config as its run will and `check` it; raise on the first bad one.

    Jobs that differ only in a sweep key (`+replication=r`, `+point=i`) share one model
    config, which is composed once; the sweep key's own value is checked with the rest.
    """
    loader = GlobalHydra.instance().config_loader()
    seen = set()
    for job in jobs:
        sweep_part = [o.split("=", 1) for o in job if _key(o) in SWEEP_KEYS]
        for key, value in sweep_part:
            if not value.isdigit():
                raise ConfigError(f"{_key(key)}={value} is not allowed: use 0, 1, 2, ...")
        shared = (tuple(o for o in job if _key(o) not in SWEEP_KEYS), *(k for k, _ in sweep_part))
        if shared in seen:
            continue
        seen.add(shared)
        try:
            check(loader.load_sweep_config(master_config=config, sweep_overrides=list(job)))
        except ConfigError as error:
            raise ConfigError(f"{error} (in the sweep's run {','.join(job)})") from error


def check_writable(key: str, folder: str | Path) -> None:
    """Raise ConfigError unless `folder` can be made and written (tried with a nameless file)."""
    folder = Path(folder).absolute()
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(f"{key}={folder} is not allowed: {existing} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise ConfigError(
            f"{key}={folder} is not allowed: cannot write in {existing} ({error.strerror}); "
            "use a folder you can write to"
        ) from None
