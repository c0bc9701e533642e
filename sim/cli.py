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

import dataclasses
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

import hydra
import polars as pl
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from hydra.experimental.callback import Callback
from hydra.types import RunMode
from omegaconf import DictConfig, open_dict
from omegaconf.errors import OmegaConfBaseException

from sim.api import CONFIG_DIR, explain, simulate, to_config
from sim.config import Config, ConfigError
from sim.errors import one_line
from sim.seeds import derive_seed
from sim.sweeps.resume import clean_partial, is_complete, write_status

# Keys a sweep adds that are not model parameters (see the module docstring).
SWEEP_KEYS = ("replication", "point")


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


def _remove_output(out: Path) -> None:
    """Remove the folder Hydra made for a run that never started, and its empty parents."""
    shutil.rmtree(out, ignore_errors=True)
    top = Path.cwd().resolve()
    for parent in out.resolve().parents:
        if parent == top or top not in parent.parents:
            break
        try:
            leftovers = {p.name for p in parent.iterdir()}
        except FileNotFoundError:  # a run that failed at the same time removed it
            continue
        if leftovers - {"multirun.yaml"}:
            break
        shutil.rmtree(parent, ignore_errors=True)


class SweepFolder(Callback):
    """Hydra callback (configs/config.yaml) that notes where a multirun writes its runs."""

    path: Path | None = None

    def on_multirun_start(self, config: DictConfig, **kwargs) -> None:
        SweepFolder.path = Path(config.hydra.sweep.dir)


def _remove_sweep_leftovers() -> None:
    """Remove the sweep folder of a multirun that failed before its first run started.

    Hydra writes `multirun.yaml` before it checks the jobs' configs, so a bad value in a
    sweep would otherwise leave that file behind. A folder holding runs is left alone.
    """
    sweep = SweepFolder.path
    if sweep is None or not sweep.is_dir():
        return
    if {p.name for p in sweep.iterdir()} <= {"multirun.yaml"}:
        _remove_output(sweep)


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


def run_to_folder(config: Config, out: Path, seeds: dict, point: int | None = None):
    """Simulate `config` and write its figures and frames into `out`, unless already there.

    Returns (results, seconds), or None when `out` holds the complete outputs of this config
    (resume). `seeds` (base_seed, replication, seed) and `point` are recorded with the run.
    """
    from sim.output.figure import mkba_figure, run_figure  # matplotlib: only where runs draw

    if is_complete(out, dataclasses.asdict(config)):
        write_status(out, "skipped")
        return None
    clean_partial(out)
    write_status(out, "running", pid=os.getpid())
    started = time.perf_counter()
    try:
        results = simulate(config)
        if seeds:
            results.summary = results.summary.with_columns(
                pl.lit(seeds["base_seed"], pl.Int64).alias("base_seed"),
                pl.lit(seeds["replication"], pl.Int64).alias("replication"),
            )
        results.provenance.update(seeds, **({"point": point} if point is not None else {}))
        title = f"strategie: {config.strategy.name}"
        run_figure(results.timeseries, out / "figure.png", title=title)
        mkba_figure(results.tornado, results.distribution, out / "mkba.png")
        results.write(out)  # summary.parquet last: it marks a complete run
    except BaseException as error:
        write_status(out, "failed", error=repr(error), traceback=traceback.format_exc())
        raise
    seconds = time.perf_counter() - started
    write_status(out, "done", seconds=seconds)
    return results, seconds


def _task(cfg: DictConfig) -> float:
    out = Path(HydraConfig.get().runtime.output_dir)
    multirun = HydraConfig.get().mode == RunMode.MULTIRUN
    try:
        model_cfg, keys = _sweep_keys(cfg)
        config = to_config(model_cfg)
    except (ConfigError, OmegaConfBaseException) as error:
        _remove_output(out)
        print(f"waardenmakerij: error: {one_line(error)}", file=sys.stderr)
        sys.exit(2)
    seeds = {}
    if "replication" in keys:
        seeds = {"base_seed": config.seed, "replication": keys["replication"]}
        config = dataclasses.replace(config, seed=derive_seed(config.seed, keys["replication"]))
        seeds["seed"] = config.seed
    done = run_to_folder(config, out, seeds, keys.get("point"))
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


_app = hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")(_task)


def main() -> None:
    """Console entry point: run the Hydra app, turning config errors into one line and exit 2."""
    os.environ.setdefault("HYDRA_FULL_ERROR", "1")
    # Under `uv run`, Ray would rebuild the uv environment for its workers from the current
    # folder; the local workers can use this interpreter as it is (hydra/launcher=ray_local).
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    try:
        _app()
    except (ConfigError, HydraException, OmegaConfBaseException, ValueError) as error:
        message = explain(error, sys.argv[1:])  # None: not a config error, a bug
        if message is None:
            raise
        _remove_sweep_leftovers()
        print(f"waardenmakerij: error: {message}", file=sys.stderr)
        sys.exit(2)
