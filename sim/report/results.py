"""The results table of a sweep: one row a run, its overrides as columns, then its summary.

Every run folder below the sweep folder that holds a `summary.parquet` (written last, so
only complete runs count) is a run; its overrides come from Hydra's `.hydra/overrides.yaml`.
A run file that cannot be read is named in a one-line warning on stderr and skipped.
"""

import json
import sys
from pathlib import Path

import polars as pl
import yaml

from sim.output.results import atomic_write, checksum_error

RESULTS = "results.parquet"
PROG = "waardenmakerij-report"


class ReportError(Exception):
    """A problem the user can fix (a bad option, no runs, a folder that cannot be written):
    the command reports it in one line and exits with code 2, writing nothing."""


def warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def reason(error: BaseException) -> str:
    """The first line of an error, whitespace collapsed."""
    lines = str(error).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(error).__name__


def sweep_info(sweep_dir: str | Path) -> dict:
    """The sweep's `sweep.json` (when it started, how many runs it expects), or {} if there
    is none or it cannot be read (then with a warning)."""
    path = Path(sweep_dir) / "sweep.json"
    if not path.is_file():
        return {}
    try:
        info = json.loads(path.read_text())
        float(info.get("started", 0))
    except (OSError, ValueError, TypeError, AttributeError) as error:
        warn(f"{path} cannot be read ({reason(error)}): all runs in the folder are used")
        return {}
    return info


def run_folders(sweep_dir: str | Path, info: dict | None = None) -> list[Path]:
    """The folders of the complete runs of a sweep, sorted.

    Only the runs of the last sweep started in this folder (`info`, default its
    `sweep.json`): each run of a sweep records its state (done, or skipped when it was
    already complete) after the sweep started, so folders left by an earlier sweep with
    other settings are not mixed in. Folders without a state (runs not made by `sim.cli`)
    are kept.
    """
    sweep_dir = Path(sweep_dir)
    info = sweep_info(sweep_dir) if info is None else info
    folders = sorted(p.parent for p in sweep_dir.rglob("summary.parquet") if p.is_file())
    if "started" not in info:
        return folders
    started = float(info["started"]) - 1.0
    kept = []
    for folder in folders:
        try:
            status = json.loads((folder / "status.json").read_text())
            time = float(status.get("time", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            kept.append(folder)
            continue
        if time >= started:
            kept.append(folder)
    return kept


def read_overrides(folder: Path) -> dict[str, str] | None:
    """A run's overrides as {key: value text}, '+' and '~' dropped from the keys; None (with
    a warning) if its `.hydra/overrides.yaml` cannot be read."""
    path = folder / ".hydra" / "overrides.yaml"
    if not path.is_file():
        return {}
    try:
        items = yaml.safe_load(path.read_text()) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValueError("not a list of key=value overrides")
    except (OSError, ValueError, yaml.YAMLError) as error:
        warn(f"{path} cannot be read ({reason(error)}): run skipped")
        return None
    pairs = (item.split("=", 1) for item in items if "=" in item)
    return {key.lstrip("+~"): value for key, value in pairs}


def read_frame(
    path: Path, columns: list[str] | None = None, skipped: str = "skipped"
) -> pl.DataFrame | None:
    """A run's Parquet file (only `columns`, if given), or None with a warning naming the
    file (and what is `skipped`) if it cannot be read."""
    try:
        if (damage := checksum_error(path)) is not None:
            warn(f"{path} cannot be read ({damage}): {skipped}")
            return None
        return pl.read_parquet(path, columns=columns)
    except (OSError, pl.exceptions.PolarsError) as error:
        warn(f"{path} cannot be read ({reason(error)}): {skipped}")
        return None


def _typed(values: list[str | None]) -> pl.Series:
    """Override values as the narrowest type they all fit: int, float, bool or text."""
    present = [v for v in values if v is not None]
    for kind, convert in ((pl.Int64, int), (pl.Float64, float)):
        try:
            return pl.Series([None if v is None else convert(v) for v in values], dtype=kind)
        except ValueError:
            continue
    if present and all(v.lower() in ("true", "false") for v in present):
        return pl.Series([None if v is None else v.lower() == "true" for v in values])
    return pl.Series(values, dtype=pl.String)


def scan_runs(sweep_dir: str | Path, frame: str = "summary") -> pl.LazyFrame | None:
    """One lazy frame of a frame (summary, timeseries, cases, ...) over all complete runs,
    with a `run` column (the run folder relative to the sweep folder). A file whose footer
    cannot be read (truncated, not Parquet) or that differs from what its run wrote (damaged
    pages) is named and skipped with a warning, before the scan, so a later `collect` neither
    fails on it without its name nor reads other numbers."""
    sweep_dir = Path(sweep_dir)
    scans = []
    for folder in run_folders(sweep_dir):
        path = folder / f"{frame}.parquet"
        if path.is_file() and _readable(path):
            run = str(folder.relative_to(sweep_dir))
            scan = pl.scan_parquet(path, hive_partitioning=False, glob=False)
            scans.append(scan.with_columns(pl.lit(run).alias("run")))
    return pl.concat(scans, how="diagonal_relaxed") if scans else None


def _readable(path: Path) -> bool:
    """Whether a Parquet file's footer and schema can be read and the file is as its run wrote
    it (its recorded SHA-256); else a warning names it."""
    try:
        if (damage := checksum_error(path)) is not None:
            warn(f"{path} cannot be read ({damage}): skipped")
            return False
        pl.read_parquet_schema(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        warn(f"{path} cannot be read ({reason(error)}): skipped")
        return False
    return True


def read_runs(
    sweep_dir: str | Path, runs: list[str], frame: str, columns: list[str] | None = None
) -> pl.DataFrame | None:
    """A frame (timeseries, distribution, ...) of the given runs in one table with a `run`
    column; runs without the file are left out, unreadable files skipped with a warning."""
    sweep_dir = Path(sweep_dir)
    frames = []
    for run in runs:
        path = sweep_dir / run / f"{frame}.parquet"
        if path.is_file() and (data := read_frame(path, columns)) is not None:
            frames.append(data.with_columns(pl.lit(run).alias("run")))
    return pl.concat(frames, how="diagonal_relaxed") if frames else None


def results_table(sweep_dir: str | Path, info: dict | None = None) -> pl.DataFrame:
    """One row a run: `run`, its overrides as columns, then the summary columns. Runs whose
    summary or overrides cannot be read are skipped with a warning."""
    sweep_dir = Path(sweep_dir)
    runs, overrides, summaries = [], [], []
    for folder in run_folders(sweep_dir, info):
        summary = read_frame(folder / "summary.parquet", skipped="run skipped")
        keys = read_overrides(folder)
        if summary is None or keys is None:
            continue
        if summary.height != 1:
            warn(f"{folder / 'summary.parquet'} has {summary.height} rows, not 1: run skipped")
            continue
        runs.append(str(folder.relative_to(sweep_dir)))
        overrides.append(keys)
        summaries.append(summary.with_columns(pl.lit(runs[-1]).alias("run")))
    if not runs:
        return pl.DataFrame({"run": []}, schema={"run": pl.String})
    summary = pl.concat(summaries, how="diagonal_relaxed")
    keys = list(dict.fromkeys(k for o in overrides for k in o))
    columns = {"run": pl.Series(runs, dtype=pl.String)}
    for key in keys:
        columns[key] = _typed([o.get(key) for o in overrides])
    table = pl.DataFrame(columns).join(summary, on="run", how="left", suffix="_summary")
    first = ["run"]
    for key in keys:  # an override the summary also has (strategy, replication): keep one
        if f"{key}_summary" not in table.columns:
            first.append(key)
            continue
        same = (table[key].cast(pl.String) == table[f"{key}_summary"].cast(pl.String)).all()
        if same:
            table = table.drop(f"{key}_summary")
            first.append(key)
        else:  # e.g. seed: the base seed given, the derived seed run
            table = table.rename({key: f"{key}_override", f"{key}_summary": key})
            first.append(f"{key}_override")
    return table.select(*first, *[c for c in table.columns if c not in first])


def write_results(sweep_dir: str | Path, table: pl.DataFrame | None = None) -> Path:
    """Write `results.parquet` (the results table, or `table`) into the sweep folder
    (atomically) and return its path."""
    sweep_dir = Path(sweep_dir)
    table = results_table(sweep_dir) if table is None else table
    path = sweep_dir / RESULTS
    atomic_write(path, table.write_parquet)
    return path


def sweep_state(sweep_dir: str | Path, info: dict | None = None) -> dict:
    """How many runs the last sweep expected, how many are complete and which failed."""
    sweep_dir = Path(sweep_dir)
    info = sweep_info(sweep_dir) if info is None else info
    started = float(info.get("started", 0)) - 1.0
    failed = []
    for path in sweep_dir.rglob("status.json"):
        try:
            status = json.loads(path.read_text())
            if status.get("state") == "failed" and float(status.get("time", 0)) >= started:
                failed.append(str(path.parent.relative_to(sweep_dir)))
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return {
        "expected": info.get("total"),
        "complete": len(run_folders(sweep_dir, info)),
        "failed": sorted(failed),
    }
