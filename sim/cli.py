"""The `waardenmakerij` command: a Hydra app that runs the model and writes its outputs.

    uv run waardenmakerij                                   # the defaults
    uv run waardenmakerij strategy=opschalen seed=7 run.years=5
    uv run waardenmakerij -m strategy=onbeheerst,opschalen,downscalen seed=1,2,3

A bad config ends the command with one line naming the key, the value and what is allowed,
exit code 2, before any output is written.

Sweeps (`-m +experiment=<name>`, see README "Sweeps and reports") add two keys that are not
model parameters: `+replication=r` makes `seed` the base seed and runs with the seed derived
from both (`sim.seeds.derive_seed`), and `+point=i` numbers the points of a design. A run
whose folder already holds complete outputs for the same config is skipped (resume).
"""

import ast
import contextlib
import dataclasses
import errno
import io
import os
import shutil
import sys
import threading
import time
import traceback
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import hydra
import polars as pl
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from hydra.experimental.callback import Callback
from hydra.types import RunMode
from omegaconf import DictConfig, open_dict
from omegaconf.errors import OmegaConfBaseException

from sim.api import CONFIG_DIR, Results, check_overrides, explain, simulate, to_config
from sim.config import Config, ConfigError
from sim.errors import InvariantError, one_line
from sim.seeds import derive_seed
from sim.sweeps.check import (
    SWEEP_KEYS,
    check_jobs,
    check_launcher,
    check_writable,
    sweep_jobs,
)
from sim.sweeps.resume import clean_partial, holding, is_complete, mark_abandoned, write_status


def print_summary(summary: pl.DataFrame) -> None:
    """The summary as a two-column table: indicator, value."""
    row = summary.row(0, named=True)
    table = pl.DataFrame({"indicator": list(row), "value": [_fmt(v) for v in row.values()]})
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(table)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3f}"
    return str(value)


class Guard(Callback):
    """Hydra callback (configs/config.yaml): checks a run or a sweep before Hydra writes a file.

    A run: its config, and that its folder can be written; it notes what the folder held, so
    that a run that fails removes only what this command made. A sweep: every job's config
    (`sim.sweeps.check`) and the sweep folder. A bad one ends the command with one line and
    exit 2 (`SystemExit`: Hydra turns other errors raised in callbacks into warnings).
    """

    run_dir: Path | None = None
    existing: set[str] | None = None  # what the run folder held before (None: it was not there)
    made: Path | None = None  # the top folder this command will make for the run
    sweep_dir: Path | None = None

    @classmethod
    def forget(cls) -> None:
        """Clear what an earlier command in this process noted."""
        cls.run_dir = cls.existing = cls.made = cls.sweep_dir = None

    def on_run_start(self, config: DictConfig, **kwargs) -> None:
        out = Path(config.hydra.run.dir).absolute()

        def check() -> None:
            check_overrides(list(config.hydra.overrides.task))
            check_writable("hydra.run.dir", out)
            checked_config(config)

        _refuse_unless(check)
        Guard.run_dir = out
        Guard.existing = set(os.listdir(out)) if out.is_dir() else None
        Guard.made = out
        while not Guard.made.parent.exists():
            Guard.made = Guard.made.parent

    def on_multirun_start(self, config: DictConfig, **kwargs) -> None:
        Guard.sweep_dir = Path(config.hydra.sweep.dir).absolute()

        def check() -> None:
            check_overrides(list(config.hydra.overrides.task))
            check_writable("hydra.sweep.dir", Guard.sweep_dir)
            check_launcher(config)
            jobs = sweep_jobs(config)
            if jobs is not None:
                check_jobs(config, jobs)

        _refuse_unless(check)


def _refuse(error: BaseException) -> None:
    message = explain(error, sys.argv[1:]) or one_line(error)
    print(f"waardenmakerij: error: {message}", file=sys.stderr)
    sys.exit(2)


def _refuse_unless(check) -> None:
    try:
        check()
    except (ConfigError, HydraException, OmegaConfBaseException) as error:
        _refuse(error)
    except ValueError as error:  # Hydra's parser, for some overrides
        if explain(error, sys.argv[1:]) is None:
            raise
        _refuse(error)


def _undo_run(out: Path) -> None:
    """Remove what this command added to a single run's folder, and the folders it made."""
    if Guard.existing is None:
        shutil.rmtree(out, ignore_errors=True)
        for parent in out.parents:  # only the empty folders this command made above it
            if parent == Guard.made.parent:
                break
            try:
                parent.rmdir()
            except OSError:
                break
        return
    for name in set(os.listdir(out)) - Guard.existing:
        path = out / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def _sweep_keys(cfg: DictConfig) -> tuple[DictConfig, dict]:
    """The model's part of the config, and the sweep keys that were set (replication, point)."""
    keys = {k: cfg[k] for k in SWEEP_KEYS if k in cfg}
    for key, value in keys.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{key}={value!r} is not allowed: use 0, 1, 2, ...")
    model = cfg.copy()
    with open_dict(model):
        for key in keys:
            model.pop(key)
    return model, keys


def checked_config(cfg: DictConfig) -> tuple[Config, dict]:
    """The validated model config of a composed config, with the seeds of its sweep keys.

    Returns (config, seeds): with `+replication=r` the config runs with the seed derived from
    the base seed and r, and `seeds` records base_seed, replication and seed; `point` is kept.
    """
    model_cfg, keys = _sweep_keys(cfg)
    config = to_config(model_cfg)
    seeds = {}
    if "replication" in keys:
        seeds = {"base_seed": config.seed, "replication": keys["replication"]}
        config = dataclasses.replace(config, seed=derive_seed(config.seed, keys["replication"]))
        seeds["seed"] = config.seed
    if "point" in keys:
        seeds["point"] = keys["point"]
    return config, seeds


def run_to_folder(config: Config, out: Path, seeds: dict):
    """Simulate `config` and write its figures and frames into `out`, unless already there.

    Returns (results, seconds), or None when `out` holds the complete outputs of this config
    (resume). `seeds` (base_seed, replication, seed; point) are recorded with the run. The
    run holds the folder's lock throughout: a second process asking for the same run waits
    for it and then finds it complete.
    """
    with holding(out):
        if not _start(out, config):
            return None
        started = time.perf_counter()
        try:
            results = _write(simulate(config), config, out, seeds)
        except BaseException as error:
            _failed(out, error)
            raise
        seconds = time.perf_counter() - started
        write_status(out, "done", seconds=seconds)
    return results, seconds


def _start(out: Path, config: Config) -> bool:
    """Under the folder's lock: False (and marked skipped) when `out` holds this config's
    complete outputs, else cleaned of a partial run and marked running."""
    if is_complete(out, dataclasses.asdict(config)):
        write_status(out, "skipped")
        return False
    clean_partial(out)
    write_status(out, "running", pid=os.getpid())
    return True


def _failed(out: Path, error: BaseException) -> None:
    write_status(out, "failed", error=repr(error), traceback=traceback.format_exc())


def _write(results: Results, config: Config, out: Path, seeds: dict) -> Results:
    """Record the seeds with a run's results and write its figures and frames into `out`."""
    from sim.output.figure import mkba_figure, run_figure  # matplotlib: only where runs draw

    replication = {k: seeds[k] for k in ("base_seed", "replication") if k in seeds}
    results.summary = results.summary.with_columns(
        pl.lit(v, pl.Int64).alias(k) for k, v in replication.items()
    )
    results.provenance.update(seeds)
    title = f"strategie: {config.strategy.name}"
    figures = {
        "figure.png": lambda p: run_figure(results.timeseries, p, title=title),
        "mkba.png": lambda p: mkba_figure(results.tornado, results.distribution, p),
    }
    results.write(out, figures)  # all at once, summary.parquet last: a complete run
    return results


@dataclasses.dataclass
class Job:
    """A run of a batched sweep: its config, its folder and the seeds of its sweep keys."""

    config: Config
    out: Path
    seeds: dict


def prepare_job(cfg: DictConfig) -> Job:
    """The task of a batched sweep's job (`hydra/launcher=batched`): check its config and
    name its folder; the launcher runs the jobs of a batch together (`run_jobs`)."""
    end_with_launcher()
    config, seeds = checked_config(cfg)
    return Job(config, Path(HydraConfig.get().runtime.output_dir), seeds)


def run_jobs(jobs: list[Job]) -> list[float]:
    """Run the jobs of a batch (`sim.batch`) into their folders, as `run_to_folder` runs
    one: a complete one is skipped, each gets the same files and status. Returns each job's
    realised cases. A run that breaks (InvariantError) takes the batch down with it, so the
    jobs then run one by one and only that one fails."""
    from sim.batch import run_part

    done: dict[int, float] = {}
    broke = False
    with contextlib.ExitStack() as stack:
        todo = []
        for i, job in enumerate(jobs):
            stack.enter_context(holding(job.out))
            if _start(job.out, job.config):
                todo.append(i)
            else:
                print(f"complete, skipped: {job.out}")
                done[i] = float(pl.read_parquet(job.out / "summary.parquet")["realised_cases"][0])
        started = time.perf_counter()
        try:
            results = run_part([jobs[i].config for i in todo]) if todo else []
        except InvariantError:
            broke = True
        except BaseException as error:
            for i in todo:
                _failed(jobs[i].out, error)
            raise
        if not broke:
            share = (time.perf_counter() - started) / max(len(todo), 1)  # of the batch's run
            for i, result in zip(todo, results, strict=True):
                job = jobs[i]
                writing = time.perf_counter()
                try:
                    _write(result, job.config, job.out, job.seeds)
                except BaseException as error:
                    _failed(job.out, error)
                    raise
                seconds = share + time.perf_counter() - writing
                write_status(job.out, "done", seconds=seconds, batch=len(todo))
                done[i] = float(result.summary["realised_cases"][0])
                print(f"done in a batch of {len(todo)}: {done[i]:.0f} realised cases: {job.out}")
    if broke:  # one by one, outside the batch's locks
        first_error = None
        for i in todo:
            try:
                ran = run_to_folder(jobs[i].config, jobs[i].out, jobs[i].seeds)
                done[i] = float(ran[0].summary["realised_cases"][0]) if ran else float("nan")
            except InvariantError as error:
                first_error = first_error or error
        if first_error is not None:
            raise first_error
    return [done[i] for i in range(len(jobs))]


def _task(cfg: DictConfig) -> float:
    hydra_cfg = HydraConfig.get()
    out = Path(hydra_cfg.runtime.output_dir)
    multirun = hydra_cfg.mode == RunMode.MULTIRUN
    if multirun and hydra_cfg.launcher._target_.endswith("JoblibLauncher"):
        end_with_launcher()
    config, seeds = checked_config(cfg)  # checked by Guard already: a second look
    done = run_to_folder(config, out, seeds)
    if done is None:
        print(f"complete, skipped: {out}")
        return float(pl.read_parquet(out / "summary.parquet")["realised_cases"][0])
    results, seconds = done
    realised = results.summary["realised_cases"][0]
    if multirun:
        print(f"done in {seconds:.1f} s: {realised} realised cases: {out}")
    else:
        print_summary(results.summary)
        print(f"outputs: {out}")
    return float(realised)


_watching = False


def end_with_launcher() -> None:
    """In a sweep's worker process: exit as soon as the process that launched it is gone.

    A launcher killed with SIGKILL cannot stop its workers; without this they would run on
    as orphans. The run in flight leaves only hidden files, which the rerun removes.
    """
    global _watching
    if _watching:
        return
    _watching = True
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-launcher", daemon=True).start()


_app = hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")(_task)

RERUN = "run the same command again: complete runs are kept and only the rest run"


def main() -> None:
    """Console entry point: run the Hydra app; a bad config or a fault ends with one line.

    Exit codes: 2 for a bad config or folder, 1 for a fault while running (a full disk, a
    worker that was killed), 130 when interrupted.
    """
    os.environ.setdefault("HYDRA_FULL_ERROR", "1")
    # Under `uv run`, Ray would rebuild the uv environment for its workers from the current
    # folder; the local workers can use this interpreter as it is (hydra/launcher=ray_local).
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    Guard.forget()
    job_errors = HydraJobErrors(sys.stderr)
    try:
        with contextlib.redirect_stderr(job_errors):
            _app()
    except BaseException as error:
        if Guard.run_dir is not None:  # a single run that had started: leave nothing of it
            _undo_run(Guard.run_dir)
        _fail(error, job_errors.failed)


class HydraJobErrors(io.TextIOBase):
    """Standard error while Hydra runs, less Hydra's own "Error executing job with overrides:
    [...]" line: the command ends with one line of its own, which names the failed run."""

    PREFIX = "Error executing job with overrides: "

    def __init__(self, stream) -> None:
        self.stream, self.failed = stream, None

    def write(self, text: str) -> int:
        if text.startswith(self.PREFIX):
            self.failed = ast.literal_eval(text.removeprefix(self.PREFIX).strip())
            return len(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


#: Errors of the file system a user can fix (full disk, quota, read-only, permissions).
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


def _fail(error: BaseException, job: list[str] | None = None) -> None:
    """End the command with one line for a bad config or a fault; re-raise anything else."""
    if isinstance(error, ConfigError | HydraException | OmegaConfBaseException) or (
        isinstance(error, ValueError) and explain(error, sys.argv[1:]) is not None
    ):
        _refuse(error)
    if isinstance(error, BrokenProcessPool):
        if Guard.sweep_dir is not None:
            mark_abandoned(Guard.sweep_dir)
        what = "a worker process ended in the middle of a run (killed, or out of memory)"
    elif isinstance(error, OSError) and error.errno in DISK_ERRORS:
        where = error.filename or Guard.run_dir or Guard.sweep_dir
        what = f"cannot write {where}: {error.strerror}"
    elif isinstance(error, KeyboardInterrupt):
        print(f"waardenmakerij: interrupted; {RERUN}", file=sys.stderr)
        sys.exit(130)
    else:
        raise error
    if job:
        what += f" (in the run {','.join(job)})"
    print(f"waardenmakerij: error: {what}; {RERUN}", file=sys.stderr)
    sys.exit(1)
