"""The results table of a sweep: one row a run, its overrides as columns, then its summary.

Every run folder below the sweep folder that holds a `summary.parquet` (written last, so
only complete runs count) is read lazily with `polars.scan_parquet`; its overrides come from
Hydra's `.hydra/overrides.yaml`.
"""

import json
from pathlib import Path

import polars as pl
import yaml

from sim.output.results import atomic_write

RESULTS = "results.parquet"


def run_folders(sweep_dir: str | Path, latest: bool = True) -> list[Path]:
    """The folders of the complete runs of a sweep, sorted.

    With `latest`, only the runs of the last sweep started in this folder: each run of a
    sweep records its state (done, or skipped when it was already complete) after the sweep
    started (`sweep.json`), so folders left by an earlier sweep with other settings are not
    mixed in. Folders without a state (runs not made by `sim.cli`) are kept.
    """
    sweep_dir = Path(sweep_dir)
    folders = sorted(p.parent for p in sweep_dir.rglob("summary.parquet"))
    info = sweep_dir / "sweep.json"
    if not latest or not info.is_file():
        return folders
    started = json.loads(info.read_text()).get("started", 0) - 1.0
    kept = []
    for folder in folders:
        try:
            status = json.loads((folder / "status.json").read_text())
        except (OSError, ValueError):
            kept.append(folder)
            continue
        if status.get("time", 0) >= started:
            kept.append(folder)
    return kept


def read_overrides(folder: Path) -> dict[str, str]:
    """A run's overrides as {key: value text}, '+' and '~' dropped from the keys."""
    path = folder / ".hydra" / "overrides.yaml"
    if not path.is_file():
        return {}
    items = yaml.safe_load(path.read_text()) or []
    pairs = (item.split("=", 1) for item in items if "=" in item)
    return {key.lstrip("+~"): value for key, value in pairs}


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
    with a `run` column (the run folder relative to the sweep folder)."""
    sweep_dir = Path(sweep_dir)
    scans = []
    for folder in run_folders(sweep_dir):
        path = folder / f"{frame}.parquet"
        if path.is_file():
            run = str(folder.relative_to(sweep_dir))
            scan = pl.scan_parquet(path, hive_partitioning=False, glob=False)
            scans.append(scan.with_columns(pl.lit(run).alias("run")))
    return pl.concat(scans, how="diagonal_relaxed") if scans else None


def results_table(sweep_dir: str | Path) -> pl.DataFrame:
    """One row a run: `run`, its overrides as columns, then the summary columns."""
    sweep_dir = Path(sweep_dir)
    folders = run_folders(sweep_dir)
    summaries = scan_runs(sweep_dir)
    if summaries is None:
        return pl.DataFrame({"run": []}, schema={"run": pl.String})
    summary = summaries.collect()
    overrides = [read_overrides(f) for f in folders]
    keys = list(dict.fromkeys(k for o in overrides for k in o))
    runs = [str(f.relative_to(sweep_dir)) for f in folders]
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


def write_results(sweep_dir: str | Path) -> Path:
    """Write `results.parquet` into the sweep folder (atomically) and return its path."""
    sweep_dir = Path(sweep_dir)
    table = results_table(sweep_dir)
    path = sweep_dir / RESULTS
    atomic_write(path, table.write_parquet)
    return path


def sweep_state(sweep_dir: str | Path) -> dict:
    """How many runs the last sweep expected, how many are complete and which failed."""
    sweep_dir = Path(sweep_dir)
    info = {}
    if (sweep_dir / "sweep.json").is_file():
        info = json.loads((sweep_dir / "sweep.json").read_text())
    started = info.get("started", 0) - 1.0
    failed = []
    for path in sweep_dir.rglob("status.json"):
        try:
            status = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if status.get("state") == "failed" and status.get("time", 0) >= started:
            failed.append(str(path.parent.relative_to(sweep_dir)))
    return {
        "expected": info.get("total"),
        "complete": len(run_folders(sweep_dir)),
        "failed": sorted(failed),
    }
