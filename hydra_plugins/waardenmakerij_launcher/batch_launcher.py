"""Hydra's joblib launcher, with the jobs that differ only in their seed run as batches.

`hydra/launcher=batched` (the default of every sweep, configs/config.yaml) takes every option
of Hydra's joblib launcher and one more, `batch`: how many jobs that differ only in their seed
(`seed`, `+replication`) and in keys a run is built from (`sim.batch.is_build_key`: its
population and places) one worker steps together as one World (`sim.batch`), "auto" for as
many as `sim.batch.auto_size` allows (at most 64 of the default wijk), 1 for each job alone as
the joblib launcher runs it. Each job still gets its own folder with the same files (its
`.hydra` configs, frames, figures, provenance and status), is skipped when complete, and gives
exactly the results it gives alone:

    uv run waardenmakerij -m seed=range(0,200) population.n_actors=2000
    uv run waardenmakerij -m +experiment=compare_strategies hydra.launcher.batch=1
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, JobStatus, configure_log, run_job, setup_globals
from hydra.types import HydraContext
from hydra_plugins.hydra_joblib_launcher._core import process_joblib_cfg
from hydra_plugins.hydra_joblib_launcher.config import JobLibLauncherConf
from hydra_plugins.hydra_joblib_launcher.joblib_launcher import JoblibLauncher
from joblib import Parallel, cpu_count, delayed
from omegaconf import DictConfig, open_dict

log = logging.getLogger(__name__)

#: Overrides that change only a run's seed: jobs that differ in these alone share a batch.
SEED_KEYS = ("seed", "+seed", "++seed", "+replication", "++replication", "replication")
#: Jobs sent to a worker at once when `batch` is "auto" (the worker splits them further by
#: `sim.batch.auto_size` once it knows their size).
AUTO_JOBS = 64


@dataclass
class BatchLauncherConf(JobLibLauncherConf):
    _target_: str = "hydra_plugins.waardenmakerij_launcher.batch_launcher.BatchJoblibLauncher"
    batch: Any = "auto"


ConfigStore.instance().store(
    group="hydra/launcher", name="batched", node=BatchLauncherConf, provider="waardenmakerij"
)


def batch_key(overrides) -> tuple[str, ...]:
    """The overrides of a job but those that set its seed or a key a run is built from
    (`sim.batch.is_build_key`): jobs with the same key are sent to a worker together, which
    batches those whose configs the week reads alike (`sim.batch.weekly_part`).

    >>> batch_key(["strategy=opschalen", "+replication=3", "seed=7", "population.trust=0.4"])
    ('strategy=opschalen',)
    """
    from sim.batch import is_build_key

    def kept(override: str) -> bool:
        key = override.split("=", 1)[0]
        plain = key.lstrip("+~")
        return key not in SEED_KEYS and not ("." in plain and is_build_key(plain))

    return tuple(o for o in overrides if kept(o))


def batches(job_overrides, size: int, workers: int) -> list[list[int]]:
    """The jobs (indices) of each batch: same `batch_key`, at most `size` (`sim.batch.split`).

    >>> batches([["seed=1"], ["seed=2"], ["seed=3", "strategy=x"], ["seed=4"]], 8, 1)
    [[0, 1, 3], [2]]
    >>> batches([[f"seed={s}"] for s in range(5)], 8, 2)
    [[0, 1, 2], [3, 4]]
    """
    from sim.batch import split

    groups: dict[tuple, list[int]] = {}
    for i, overrides in enumerate(job_overrides):
        groups.setdefault(batch_key(overrides), []).append(i)
    return split(list(groups.values()), lambda group: size, workers)


def execute_batch(
    indices: list[int],
    job_overrides: list[list[str]],
    hydra_context: HydraContext,
    config: DictConfig,
    batch: int | str,
    singleton_state: dict,
) -> list[JobReturn]:
    """In a worker: set up each job as Hydra does (`run_job`: its folder and `.hydra`
    configs), then run the jobs in batches (`sim.cli.run_jobs`)."""
    from sim.batch import plan
    from sim.cli import prepare_job, run_jobs

    setup_globals()
    Singleton.set_state(singleton_state)
    returns, jobs = [], []
    for idx, overrides in zip(indices, job_overrides, strict=True):
        sweep_config = hydra_context.config_loader.load_sweep_config(config, list(overrides))
        with open_dict(sweep_config):
            sweep_config.hydra.job.id = f"{sweep_config.hydra.job.name}_{idx}"
            sweep_config.hydra.job.num = idx
        HydraConfig.instance().set_config(sweep_config)
        ret = run_job(
            hydra_context=hydra_context,
            config=sweep_config,
            task_function=prepare_job,
            job_dir_key="hydra.sweep.dir",
            job_subdir_key="hydra.sweep.subdir",
        )
        returns.append(ret)
        jobs.append(ret.return_value if ret.status == JobStatus.COMPLETED else None)
    ready = [i for i, job in enumerate(jobs) if job is not None]
    for part in plan([jobs[i].config for i in ready], batch, workers=1):
        part = [ready[i] for i in part]
        try:
            realised = run_jobs([jobs[i] for i in part])
        except BaseException as error:
            for i in part:
                returns[i].status, returns[i]._return_value = JobStatus.FAILED, error
            continue
        for i, value in zip(part, realised, strict=True):
            returns[i].return_value = value
    return returns


class BatchJoblibLauncher(JoblibLauncher):
    """Hydra's joblib launcher, sending each worker batches of jobs (module docstring)."""

    def __init__(self, batch: Any = "auto", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batch = batch  # checked before the sweep starts (sim.sweeps.check.check_launcher)

    def launch(self, job_overrides, initial_job_idx: int) -> list[JobReturn]:
        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        Path(str(self.config.hydra.sweep.dir)).mkdir(parents=True, exist_ok=True)
        joblib_cfg = dict(self.joblib)
        joblib_cfg["backend"] = "loky"
        process_joblib_cfg(joblib_cfg)
        n_jobs = int(joblib_cfg.get("n_jobs") or 1)
        workers = cpu_count() if n_jobs < 0 else n_jobs
        size = AUTO_JOBS if self.batch == "auto" else self.batch
        parts = batches(job_overrides, size, workers)
        options = ",".join(f"{k}={v}" for k, v in joblib_cfg.items())
        log.info(
            f"Joblib.Parallel({options}) is launching {len(job_overrides)} jobs in "
            f"{len(parts)} batches (batch={self.batch})"
        )
        state = Singleton.get_state()
        done = Parallel(**joblib_cfg)(
            delayed(execute_batch)(
                [initial_job_idx + i for i in part],
                [list(job_overrides[i]) for i in part],
                self.hydra_context,
                self.config,
                self.batch,
                state,
            )
            for part in parts
        )
        returns: list[JobReturn | None] = [None] * len(job_overrides)
        for part, part_returns in zip(parts, done, strict=True):
            for i, ret in zip(part, part_returns, strict=True):
                returns[i] = ret
        return returns
