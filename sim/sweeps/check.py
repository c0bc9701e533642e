"""Checking a run or a sweep before anything is written: every job's config, and the folder.

Hydra writes a sweep's `multirun.yaml` and each run's `.hydra/` before the run itself starts,
so a bad value that only the run noticed would leave files behind, or overwrite an earlier
run's. `sim.cli.Guard` calls these checks first, from Hydra's `on_run_start` and
`on_multirun_start`, when nothing has been written yet.
"""

import copy
import tempfile
from pathlib import Path

from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import OverrideType
from omegaconf import DictConfig, OmegaConf, open_dict, read_write

from sim.api import SWEEP_KEYS
from sim.config import Config, ConfigError, validate
from sim.config.checks import check_batch


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

    params = [f"{k}={v}" for k, v in (sweeper.get("params") or {}).items()]
    loader = (
        GlobalHydra.instance().config_loader() if GlobalHydra.instance().is_initialized() else None
    )
    overrides = OverridesParser.create(config_loader=loader).parse_overrides(params + arguments)
    return [list(job) for job in BasicSweeper.split_arguments(overrides, None)[0]]


def _key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


def check_job(config: DictConfig, job: list[str], bases: dict) -> Config:
    """The checked model config of a sweep job, as Hydra will compose it for the run, cheaply.

    Hydra composes the job's config-group choices (`strategy=opschalen`, `+experiment=...`)
    once for each distinct set (kept in `bases`, without the `hydra` node). The job's other
    overrides are applied to it the way Hydra applies them
    (`ConfigLoaderImpl._apply_overrides_to_config`, which checks their types), the result is
    validated (`sim.config.validate`), and the values are put back: a copy of an OmegaConf
    config costs more than all the rest. The sweep keys are checked on their own.
    """
    loader = GlobalHydra.instance().config_loader()
    groups, values = [], []
    for o in OverridesParser.create().parse_overrides(job):
        if _key(o.input_line) in SWEEP_KEYS:
            continue  # check_sweep_keys
        if loader.repository.group_exists(o.key_or_group) and not isinstance(o.value(), dict):
            groups.append(o.input_line)
        elif not o.key_or_group.startswith("hydra."):
            values.append(o)
    key = tuple(groups)
    if key not in bases:
        base = loader.load_sweep_config(master_config=config, sweep_overrides=groups)
        with read_write(base), open_dict(base):
            base.pop("hydra")
        bases[key] = base
    base = bases[key]
    if any(o.type != OverrideType.CHANGE for o in values):
        base = copy.deepcopy(base)  # an addition or deletion: not undone in place
    before = {}
    for o in values:
        value = OmegaConf.select(base, o.key_or_group, default=_ABSENT)
        if value is not _ABSENT:
            before[o.key_or_group] = _plain(value)
    try:
        with read_write(base):
            ConfigLoaderImpl._apply_overrides_to_config(values, base)
        return validate(OmegaConf.to_object(base))
    finally:
        with read_write(base):
            for name, value in before.items():
                OmegaConf.update(base, name, value, merge=False)


_ABSENT = object()


def _plain(value):
    return OmegaConf.to_container(value) if OmegaConf.is_config(value) else value


def check_sweep_keys(job: list[str]) -> None:
    """Refuse a sweep key that is not added with + or whose value is not 0, 1, 2, ..."""
    for override in job:
        if _key(override) in SWEEP_KEYS:
            key, value = override.split("=", 1)
            if not key.startswith("+") or not value.isdigit():
                raise ConfigError(f"+{_key(key)}={value} is not allowed: use 0, 1, 2, ...")


def check_jobs(config: DictConfig, jobs: list[list[str]]) -> None:
    """Check every job of a sweep (`check_job`); raise ConfigError on the first bad one, naming
    its run. Jobs that differ only in a sweep key (`+replication=r`) are checked once."""
    bases, seen = {}, set()
    for job in jobs:
        check_sweep_keys(job)
        shared = tuple(o if _key(o) not in SWEEP_KEYS else o.split("=")[0] for o in job)
        if shared in seen:
            continue
        seen.add(shared)
        try:
            check_job(config, job, bases)
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


def check_launcher(config: DictConfig) -> None:
    """The batched launcher's `batch` (`hydra/launcher=batched`): "auto" or a number >= 1.

    >>> check_launcher(OmegaConf.create({"hydra": {"launcher": {"batch": 0}}}))
    Traceback (most recent call last):
    sim.errors.ConfigError: hydra.launcher.batch=0 is not allowed (allowed: auto or a number >= 1)
    """
    check_batch(config.hydra.launcher.get("batch", "auto"), "hydra.launcher.batch")
