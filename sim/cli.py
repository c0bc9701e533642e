"""The `waardenmakerij` command: a Hydra app that runs the model and writes its outputs.

    uv run waardenmakerij                                   # the defaults
    uv run waardenmakerij strategy=opschalen seed=7 run.years=5
    uv run waardenmakerij -m strategy=onbeheerst,opschalen,downscalen seed=1,2,3

A bad config ends the command with one line naming the key, the value and what is allowed,
exit code 2, before any output is written.
"""

import os
import shutil
import sys
from pathlib import Path

import hydra
import polars as pl
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException, MissingConfigException
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.api import CONFIG_DIR, simulate, to_config
from sim.config import ConfigError
from sim.output.figure import run_figure


def one_line(error: BaseException) -> str:
    """The first meaningful line of a config error, with its key when OmegaConf knows it."""
    while error.__cause__ is not None and isinstance(error, HydraException):
        error = error.__cause__
    text = " ".join(str(error).split("\n")[0].split())
    key = getattr(error, "full_key", None)
    if isinstance(error, OmegaConfBaseException) and key:
        return f"{key}: {text}"
    if isinstance(error, MissingConfigException) and error.missing_cfg_file:
        group, _, name = error.missing_cfg_file.rpartition("/")
        options = [o for o in error.options or [] if not o.startswith("base_")]
        allowed = f"use one of {', '.join(options)}" if options else "no such config file"
        return f"{group or 'config'}={name} is not allowed: {allowed}"
    return text


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
        leftovers = {p.name for p in parent.iterdir()}
        if leftovers - {"multirun.yaml"}:
            break
        shutil.rmtree(parent, ignore_errors=True)


def _task(cfg: DictConfig) -> float:
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        config = to_config(cfg)
    except (ConfigError, OmegaConfBaseException) as error:
        _remove_output(out)
        print(f"waardenmakerij: error: {one_line(error)}", file=sys.stderr)
        sys.exit(2)
    results = simulate(config)
    results.write(out)
    run_figure(results.timeseries, out / "figure.png", title=f"strategie: {config.strategy.name}")
    print_summary(results.summary)
    print(f"outputs: {out}")
    return float(results.summary["realised_cases"][0])


_app = hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")(_task)


def main() -> None:
    """Console entry point: run the Hydra app, turning config errors into one line and exit 2."""
    os.environ.setdefault("HYDRA_FULL_ERROR", "1")
    try:
        _app()
    except (ConfigError, HydraException, OmegaConfBaseException) as error:
        print(f"waardenmakerij: error: {one_line(error)}", file=sys.stderr)
        sys.exit(2)
